/**
 * What other code (the web app that produces jobs, tests, scripts) imports from this package.
 */
export { createApp, type AppOptions, type WorkerApp } from "./app.js";
export { loadConfig, ConfigError, type Config } from "./config.js";
export { defineJob, type JobContext, type JobDefinition } from "./jobs/define-job.js";
export { jobs, type JobPayloads } from "./jobs/index.js";
export { defineTask, type TaskContext, type TaskDefinition } from "./tasks/define-task.js";
export { PermanentJobError } from "./errors.js";
export {
  createProducer,
  type Producer,
  type ProducerOptions,
  type Enqueue,
  type EnqueueOptions,
  type EnqueueBatch,
  type BatchEntry,
} from "./producer/producer.js";
export { EnqueueError, EnqueueBatchError } from "./producer/errors.js";
export type { SqsdDelivery, ScheduledTask } from "./protocol/headers.js";
export { defineClient, type ClientDeclaration, type ClientContext } from "./modules/clients.js";
export { setting, type Setting } from "./modules/settings.js";
