/**
 * `sqs-worker daemon`: the local sqsd alone, against any queue (fauxqs, ElasticMQ, LocalStack or
 * real SQS) and any app URL. It runs until SIGINT/SIGTERM, then drains and exits 0.
 */
import { join } from "node:path";
import { DEFAULT_PORT } from "../../config.js";
import { parseAppUrl } from "../../daemon/app-url.js";
import { loadNginxEmulation } from "../../daemon/nginx-emulation.js";
import { runDaemon } from "../../daemon/run-daemon.js";
import { DEFAULT_DRAIN_SECONDS } from "../../daemon/parameters.js";
import {
  loadSqsdOptions,
  optionFlagName,
  optionVariableName,
} from "../../daemon/sqsd-options-sources.js";
import { SQSD_OPTIONS, type SqsdOptionName } from "../../eb/sqsd-options.js";
import { UsageError } from "../command.js";
import { defineCommand } from "../define-command.js";
import { stringFlag, type FlagTable } from "../flags.js";
import { QUEUE_URL_FLAG, requireUrl, resolveSqsTarget, SQS_FLAGS } from "../sqs-target.js";

/** Where the app listens when started without PORT. */
const DEFAULT_APP_URL = `http://127.0.0.1:${DEFAULT_PORT}`;

/** The daemon's own drain default (sqsd 2.0's), decided in src/daemon/parameters.ts. */

/** After the drain: the poller's last receive, the final delete/visibility batch, closing clients. */
const STOP_MARGIN_SECONDS = 10;

function describeDefault(spec: (typeof SQSD_OPTIONS)[number]): string {
  const range = spec.kind === "integer" ? `, ${spec.min}-${spec.max}` : "";
  return `AWS default ${spec.default === undefined ? "none" : String(spec.default)}${range}`;
}

/** One flag per sqsd option (WorkerQueueURL is --queue-url). */
const OPTION_FLAGS: FlagTable = Object.fromEntries(
  SQSD_OPTIONS.filter((spec) => spec.name !== "WorkerQueueURL").map((spec) => [
    optionFlagName(spec.name),
    {
      type: "string",
      value: spec.kind === "integer" ? "n" : "value",
      description: `${spec.name}. Default: $${optionVariableName(spec.name)}, else .ebextensions, else ${describeDefault(spec)}.${spec.name === "MaxRetries" ? " SQS applies it, through the queue's redrive policy." : ""}`,
    },
  ]),
);

const FLAGS: FlagTable = {
  "app-url": {
    type: "string",
    value: "url",
    description: `Where the app listens. Default: ${DEFAULT_APP_URL}.`,
  },
  ...QUEUE_URL_FLAG,
  ...SQS_FLAGS,
  ebextensions: {
    type: "string",
    value: "dir",
    description: "Read sqsd options from this directory. Default: .ebextensions.",
  },
  cron: {
    type: "string",
    value: "file",
    description: "Periodic tasks to schedule. Default: cron.yaml when it exists.",
  },
  "without-cron": {
    type: "boolean",
    description: "Schedule no periodic tasks (another daemon is the leader).",
  },
  "behind-nginx": {
    type: "boolean",
    description: "Emulate Beanstalk's nginx in front of the app (413, 502, 504, X-Forwarded-For).",
  },
  "nginx-conf-d": {
    type: "string",
    value: "dir",
    description: "nginx settings for --behind-nginx. Default: .platform/nginx/conf.d.",
  },
  "drain-seconds": {
    type: "string",
    value: "n",
    description: `On stop, how long in-flight POSTs may finish. Default: ${DEFAULT_DRAIN_SECONDS}.`,
  },
  ...OPTION_FLAGS,
};

export const daemon = defineCommand({
  name: "daemon",
  summary: "Run the local sqsd against a queue and an app.",
  usage: "sqs-worker daemon [options]",
  description:
    "Runs the local sqsd: long-polls the worker queue and POSTs each message to the app, as Elastic Beanstalk's daemon does.\nOptions are the aws:elasticbeanstalk:sqsd ones: flags win over $SQSD_* variables, which win over .ebextensions.",
  flags: FLAGS,
  async run({ values }, context) {
    const app = parseAppUrl(stringFlag(values, "app-url") ?? DEFAULT_APP_URL);
    if (typeof app === "string") throw new UsageError(`--app-url: ${app}`);
    const drainText = stringFlag(values, "drain-seconds") ?? String(DEFAULT_DRAIN_SECONDS);
    if (!/^\d+$/.test(drainText))
      throw new UsageError(`Expected --drain-seconds to be a whole number, got "${drainText}"`);
    const drainSeconds = Number(drainText);
    // The CLI's default grace period would end the drain early: POSTs abandoned, deletes unsent.
    context.setGraceSeconds?.(drainSeconds + STOP_MARGIN_SECONDS);
    if (values["without-cron"] && stringFlag(values, "cron") !== undefined) {
      throw new UsageError("Expected --cron or --without-cron, got both");
    }
    const flags: Partial<Record<SqsdOptionName, string>> = {};
    for (const spec of SQSD_OPTIONS) {
      const value = stringFlag(values, optionFlagName(spec.name));
      if (value !== undefined) flags[spec.name] = value;
    }
    const options = await loadSqsdOptions({
      ebextensionsDir: stringFlag(values, "ebextensions") ?? join(context.cwd, ".ebextensions"),
      env: context.env,
      flags,
    });
    const target = await resolveSqsTarget(values, context);
    const queueUrl = requireUrl(
      target.queueUrl ?? options.workerQueueUrl,
      "queue-url",
      "WORKER_QUEUE_URL",
    );
    const cronFile = values["without-cron"]
      ? undefined
      : (stringFlag(values, "cron") ?? join(context.cwd, "cron.yaml"));
    const nginxConfD = stringFlag(values, "nginx-conf-d");
    if (nginxConfD !== undefined && !values["behind-nginx"]) {
      throw new UsageError("Expected --nginx-conf-d only with --behind-nginx, got it alone");
    }
    const nginx = values["behind-nginx"]
      ? await loadNginxEmulation(nginxConfD ?? join(context.cwd, ".platform", "nginx", "conf.d"))
      : undefined;
    const running = await runDaemon({
      sqs: target.sqs,
      queueUrl,
      options,
      app,
      cronFile,
      ...(nginx ? { nginx } : {}),
      tuning: { drainSeconds },
      log: (line) => {
        context.stdout.write(`${line}\n`);
      },
    });
    await new Promise<void>((resolve) => {
      if (context.signal.aborted) resolve();
      context.signal.addEventListener(
        "abort",
        () => {
          resolve();
        },
        { once: true },
      );
    });
    context.stderr.write("Stopping: finishing in-flight POSTs…\n");
    await running.stop();
    target.sqs.destroy();
    return 0;
  },
});
