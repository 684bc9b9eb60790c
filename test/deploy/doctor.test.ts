import assert from "node:assert/strict";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { runDoctor, type RegisteredWork } from "../../src/doctor/doctor.js";
import { copyDeploymentFiles, type ProjectCopy } from "./support/project-copy.js";

const DAEMON = ".ebextensions/01-worker-daemon.config";
const ENVIRONMENT = ".ebextensions/02-environment.config";
const NGINX = ".platform/nginx/conf.d/worker-proxy.conf";
const CRON = "cron.yaml";

/** The registries as the repository's cron.yaml expects them. */
const JOBS: RegisteredWork[] = [{ name: "noop" }];
const TASKS: RegisteredWork[] = [{ name: "daily-digest" }];
/** The same task with a time limit below nginx's default, to isolate the job's timeout. */
const QUICK_TASKS: RegisteredWork[] = [{ name: "daily-digest", timeoutSeconds: 30 }];

describe("doctor on broken copies of the deployment files", () => {
  let project: ProjectCopy;

  beforeEach(async () => {
    project = await copyDeploymentFiles();
  });

  afterEach(async () => {
    await project.remove();
  });

  async function problems(jobs = JOBS, tasks = TASKS): Promise<string[]> {
    return (await runDoctor({ root: project.root, jobs, tasks })).problems;
  }

  it("finds nothing wrong with an unchanged copy", async () => {
    assert.deepEqual(await problems(), []);
  });

  describe("sqsd option ranges", () => {
    it("names the file, line, option and range of a value AWS rejects", async () => {
      await project.replace(DAEMON, "HttpConnections: 10", "HttpConnections: 150");
      const line = await project.lineOf(DAEMON, "HttpConnections:");
      assert.deepEqual(await problems(), [
        `${DAEMON}:${line}: aws:elasticbeanstalk:sqsd HttpConnections: expected a whole number from 1 to 100, got 150`,
      ]);
    });

    it("reports an out-of-range MaxRetries once, without comparing it to its mirror", async () => {
      await project.replace(DAEMON, "MaxRetries: 5", "MaxRetries: 0");
      const line = await project.lineOf(DAEMON, "MaxRetries:");
      assert.deepEqual(await problems(), [
        `${DAEMON}:${line}: aws:elasticbeanstalk:sqsd MaxRetries: expected a whole number from 1 to 100, got 0`,
      ]);
    });

    it("names an option AWS does not have", async () => {
      await project.replace(DAEMON, "MaxRetries: 5", "MaxRetry: 5");
      const line = await project.lineOf(DAEMON, "MaxRetry:");
      assert.deepEqual(await problems(), [
        `${DAEMON}:${line}: unknown aws:elasticbeanstalk:sqsd option "MaxRetry"`,
      ]);
    });

    it("names the line of a YAML syntax error and stops there", async () => {
      await project.replace(DAEMON, "ConnectTimeout: 5", "ConnectTimeout: [5");
      const found = await problems();
      assert.notEqual(found.length, 0);
      // Only parse errors, each at its line: nothing is compared with a file that did not parse.
      for (const problem of found)
        assert.match(problem, /^\.ebextensions\/01-worker-daemon\.config:\d+: /);
      assert.equal(found.filter((problem) => problem.includes("expected")).length, 0);
    });
  });

  describe("the timeout chain", () => {
    it("fails when nginx would cut off a job running for the default job timeout", async () => {
      await project.replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout 60s;");
      const line = await project.lineOf(NGINX, "proxy_read_timeout");
      const envLine = await project.lineOf(ENVIRONMENT, "WORKER_JOB_TIMEOUT_SECONDS:");
      assert.deepEqual(await problems(), [
        `${NGINX}:${line}: expected proxy_read_timeout above the job "noop" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${envLine}), got 60 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
        `${NGINX}:${line}: expected proxy_read_timeout above the periodic task "daily-digest" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${envLine}), got 60 s. nginx would answer 504 while the periodic task still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails when nginx's default read timeout applies", async () => {
      await project.replace(NGINX, "proxy_read_timeout 360s;", "");
      assert.deepEqual(await problems(JOBS, QUICK_TASKS), [
        `.platform/nginx/conf.d: expected proxy_read_timeout above the job "noop" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${await project.lineOf(ENVIRONMENT, "WORKER_JOB_TIMEOUT_SECONDS:")}), got 60 s, the nginx default (not set). nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails on a job whose own timeoutSeconds is too long for nginx", async () => {
      const line = await project.lineOf(NGINX, "proxy_read_timeout");
      assert.deepEqual(await problems([...JOBS, { name: "slow-report", timeoutSeconds: 400 }]), [
        `${NGINX}:${line}: expected proxy_read_timeout above the job "slow-report" timeout of 400 s (its timeoutSeconds), got 360 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("uses the app's default job timeout when WORKER_JOB_TIMEOUT_SECONDS is not set", async () => {
      await project.replace(ENVIRONMENT, 'WORKER_JOB_TIMEOUT_SECONDS: "300"', "");
      await project.replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout 60s;");
      const line = await project.lineOf(NGINX, "proxy_read_timeout");
      assert.deepEqual(await problems(JOBS, QUICK_TASKS), [
        `${NGINX}:${line}: expected proxy_read_timeout above the job "noop" timeout of 60 s (WORKER_JOB_TIMEOUT_SECONDS, app default), got 60 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails when sqsd would give up before nginx", async () => {
      await project.replace(DAEMON, "InactivityTimeout: 390", "InactivityTimeout: 300");
      const line = await project.lineOf(DAEMON, "InactivityTimeout:");
      const nginxLine = await project.lineOf(NGINX, "proxy_read_timeout");
      assert.deepEqual(await problems(), [
        `${DAEMON}:${line}: expected InactivityTimeout at least nginx proxy_read_timeout 360 s (${NGINX}:${nginxLine}), got 300 s. sqsd would give up on a request nginx is still waiting for.`,
      ]);
    });

    it("fails when InactivityTimeout is left at AWS's default", async () => {
      await project.replace(DAEMON, "InactivityTimeout: 390", "");
      const nginxLine = await project.lineOf(NGINX, "proxy_read_timeout");
      assert.deepEqual(await problems(), [
        `.ebextensions: expected InactivityTimeout at least nginx proxy_read_timeout 360 s (${NGINX}:${nginxLine}), got 299 s, the AWS default (not set). sqsd would give up on a request nginx is still waiting for.`,
      ]);
    });

    it("fails when the message would become visible while sqsd still waits", async () => {
      await project.replace(DAEMON, "VisibilityTimeout: 600", "VisibilityTimeout: 390");
      const line = await project.lineOf(DAEMON, "  VisibilityTimeout:");
      const inactivityLine = await project.lineOf(DAEMON, "InactivityTimeout:");
      assert.deepEqual(await problems(), [
        `${DAEMON}:${line}: expected VisibilityTimeout above InactivityTimeout 390 s (${DAEMON}:${inactivityLine}), got 390 s. The message would become visible and be delivered again while the first delivery is still running.`,
      ]);
    });

    it("names a malformed nginx time instead of comparing it", async () => {
      await project.replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout soon;");
      const line = await project.lineOf(NGINX, "proxy_read_timeout");
      assert.deepEqual(await problems(), [
        `${NGINX}:${line}: proxy_read_timeout: expected one nginx time such as 360s or 6m, got "soon"`,
      ]);
    });
  });

  describe("body limits", () => {
    it("fails when the app would refuse a message SQS accepts", async () => {
      await project.replace(
        ENVIRONMENT,
        'WORKER_BODY_LIMIT_BYTES: "1048576"',
        'WORKER_BODY_LIMIT_BYTES: "262144"',
      );
      const line = await project.lineOf(ENVIRONMENT, "WORKER_BODY_LIMIT_BYTES:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: expected WORKER_BODY_LIMIT_BYTES at least 1048576 bytes (the largest SQS message), got 262144 bytes. Larger messages would be answered 413 and end in the dead-letter queue.`,
      ]);
    });

    it("fails when nginx would refuse a body the app accepts", async () => {
      await project.replace(NGINX, "client_max_body_size 2m;", "client_max_body_size 512k;");
      const line = await project.lineOf(NGINX, "client_max_body_size");
      const envLine = await project.lineOf(ENVIRONMENT, "WORKER_BODY_LIMIT_BYTES:");
      assert.deepEqual(await problems(), [
        `${NGINX}:${line}: expected client_max_body_size at least WORKER_BODY_LIMIT_BYTES 1048576 bytes (${ENVIRONMENT}:${envLine}) and the largest SQS message (1048576 bytes), got 524288 bytes. nginx would answer 413 before the app sees the message.`,
      ]);
    });

    it("accepts nginx's default of 1m, exactly the largest message", async () => {
      await project.replace(NGINX, "client_max_body_size 2m;", "");
      assert.deepEqual(await problems(), []);
    });
  });

  describe("mirrored settings", () => {
    it("fails when WORKER_MAX_RETRIES differs from MaxRetries", async () => {
      await project.replace(ENVIRONMENT, 'WORKER_MAX_RETRIES: "5"', 'WORKER_MAX_RETRIES: "10"');
      const line = await project.lineOf(ENVIRONMENT, "WORKER_MAX_RETRIES:");
      const daemonLine = await project.lineOf(DAEMON, "MaxRetries:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: expected WORKER_MAX_RETRIES to equal MaxRetries 5 (${DAEMON}:${daemonLine}), got 10. The app would mistake which delivery is the last one.`,
      ]);
    });

    it("fails when the mirror is missing and the app default differs", async () => {
      await project.replace(ENVIRONMENT, 'WORKER_MAX_RETRIES: "5"', "");
      const daemonLine = await project.lineOf(DAEMON, "MaxRetries:");
      assert.deepEqual(await problems(), [
        `.ebextensions: expected WORKER_MAX_RETRIES to equal MaxRetries 5 (${DAEMON}:${daemonLine}), got 10, the app default (not set). The app would mistake which delivery is the last one.`,
      ]);
    });

    it("fails when HttpPath and WORKER_HTTP_PATH differ", async () => {
      await project.replace(DAEMON, "HttpPath: /", "HttpPath: /jobs");
      const line = await project.lineOf(ENVIRONMENT, "WORKER_HTTP_PATH:");
      const daemonLine = await project.lineOf(DAEMON, "HttpPath:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: expected WORKER_HTTP_PATH to equal HttpPath "/jobs" (${DAEMON}:${daemonLine}), got "/". sqsd would POST every job to a path the app does not serve.`,
      ]);
    });
  });

  describe("environment properties", () => {
    it("rejects a CloudFormation function written as a YAML mapping", async () => {
      await project.replace(
        ENVIRONMENT,
        `WORKER_QUEUE_URL: '\`{"Ref" : "AWSEBWorkerQueue"}\`'`,
        'WORKER_QUEUE_URL: { "Ref": "AWSEBWorkerQueue" }',
      );
      const line = await project.lineOf(ENVIRONMENT, "WORKER_QUEUE_URL:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: environment property WORKER_QUEUE_URL: expected a string (write CloudFormation functions as '\`{"Ref" : "Name"}\`' in option_settings), got a mapping`,
      ]);
    });

    it("reports a value the app's configuration rejects, at its line", async () => {
      await project.replace(ENVIRONMENT, 'PORT: "8080"', 'PORT: "eighty"');
      const line = await project.lineOf(ENVIRONMENT, "PORT:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: environment property PORT: expected a whole number from 0 to 65535, got "eighty"`,
      ]);
    });
  });

  describe("periodic tasks", () => {
    it("fails when cron.yaml schedules a task that has no handler", async () => {
      const line = await project.lineOf(CRON, "- name: daily-digest");
      assert.deepEqual(await problems(JOBS, []), [
        `cron.yaml:${line}: task "daily-digest" has no handler; expected a module in src/tasks/ registered in src/tasks/index.ts`,
      ]);
    });

    it("fails when a handler has no cron.yaml entry", async () => {
      assert.deepEqual(await problems(JOBS, [...TASKS, { name: "weekly-cleanup" }]), [
        'cron.yaml: task "weekly-cleanup" has a handler but no entry; expected an entry with name: weekly-cleanup, url: /tasks/weekly-cleanup and a schedule',
      ]);
    });

    it("fails when cron.yaml has no version: 1, which makes sqsd ignore it", async () => {
      await project.replace(CRON, "version: 1\n", "");
      const line = await project.lineOf(CRON, "cron:");
      assert.deepEqual(await problems(), [
        `cron.yaml:${line}: version is missing; expected version: 1 (sqsd refuses a cron.yaml without it and runs no periodic task)`,
      ]);
    });

    it("fails when cron.yaml is not at the root, naming the ignored file", async () => {
      await mkdir(path.join(project.root, "config"));
      await rename(path.join(project.root, CRON), path.join(project.root, "config", CRON));
      assert.deepEqual(await problems(), [
        "config/cron.yaml: expected cron.yaml at the project root, where sqsd reads it; this one is ignored.",
        "cron.yaml: file not found at the project root; expected it to schedule the task handlers daily-digest",
      ]);
    });

    it("fails when the worker queue is FIFO, where Beanstalk ignores cron.yaml", async () => {
      const queue = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo";
      await project.replace(
        DAEMON,
        "    HttpPath: /\n",
        `    HttpPath: /\n    WorkerQueueURL: ${queue}\n`,
      );
      const line = await project.lineOf(DAEMON, "WorkerQueueURL:");
      // The references to the autogenerated queues are reported too (tested below); this test is about FIFO.
      const found = (await problems()).filter((problem) => problem.includes("FIFO"));
      assert.deepEqual(found, [
        `${DAEMON}:${line}: expected a standard queue as WorkerQueueURL while cron.yaml schedules tasks, got the FIFO queue ${queue}. Beanstalk does not support periodic tasks on FIFO queues, so cron.yaml would be ignored.`,
      ]);
    });

    it("fails when the app would check a schedule other than the root cron.yaml", async () => {
      await project.replace(
        ENVIRONMENT,
        "    NODE_ENV: production\n",
        "    NODE_ENV: production\n    WORKER_CRON_FILE: config/cron.yaml\n",
      );
      const line = await project.lineOf(ENVIRONMENT, "WORKER_CRON_FILE:");
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${line}: expected WORKER_CRON_FILE to be "cron.yaml" (sqsd reads only the bundle root's cron.yaml), got "config/cron.yaml". The app would check a schedule sqsd never runs.`,
      ]);
    });
  });

  describe("the worker queue", () => {
    it("fails when WorkerQueueURL is set but the files still refer to the autogenerated queues", async () => {
      const queue = "https://sqs.us-east-1.amazonaws.com/123456789012/jobs";
      await project.replace(
        DAEMON,
        "    HttpPath: /\n",
        `    HttpPath: /\n    WorkerQueueURL: ${queue}\n`,
      );
      const at = `(${DAEMON}:${await project.lineOf(DAEMON, "WorkerQueueURL:")})`;
      const scaling = ".ebextensions/10-queue-depth-scaling.config";
      const consequence =
        "Beanstalk creates that queue only for an environment without WorkerQueueURL, so the deployment would fail.";
      assert.deepEqual(await problems(), [
        `${ENVIRONMENT}:${await project.lineOf(ENVIRONMENT, "WORKER_QUEUE_URL:")}: expected no reference to AWSEBWorkerQueue while WorkerQueueURL is set ${at}, got one in environment property WORKER_QUEUE_URL. ${consequence}`,
        `${ENVIRONMENT}:${await project.lineOf(ENVIRONMENT, "WORKER_DEAD_LETTER_QUEUE_URL:")}: expected no reference to AWSEBWorkerDeadLetterQueue while WorkerQueueURL is set ${at}, got one in environment property WORKER_DEAD_LETTER_QUEUE_URL. ${consequence}`,
        `${scaling}:${await project.lineOf(scaling, "  QueueBacklogAlarm:")}: expected no reference to AWSEBWorkerQueue while WorkerQueueURL is set ${at}, got one in resource QueueBacklogAlarm. ${consequence}`,
        `${scaling}:${await project.lineOf(scaling, "  QueueIdleAlarm:")}: expected no reference to AWSEBWorkerQueue while WorkerQueueURL is set ${at}, got one in resource QueueIdleAlarm. ${consequence}`,
      ]);
    });
  });

  describe("Procfile", () => {
    it("fails when there is none", async () => {
      await rm(path.join(project.root, "Procfile"));
      assert.deepEqual(await problems(), [
        'Procfile: file not found; expected one with "web: node dist/server.js" (npm run bundle requires it)',
      ]);
    });

    it("fails when the web process is not first, and names a malformed line", async () => {
      await writeFile(
        path.join(project.root, "Procfile"),
        "worker: node dist/other.js\nweb node dist/server.js\n",
      );
      assert.deepEqual(await problems(), [
        'Procfile:2: expected "name: command", got "web node dist/server.js"',
        'Procfile:1: expected the web process first ("web: node dist/server.js"), got "worker: node dist/other.js"',
      ]);
    });
  });
});
