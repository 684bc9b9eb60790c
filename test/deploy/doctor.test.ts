import { expect } from "chai";
import {
  DAEMON,
  doctorOnCopies,
  ENVIRONMENT,
  JOBS,
  NGINX,
  QUICK_TASKS,
} from "./support/doctor-on-copy.js";

describe("doctor on broken copies of the deployment files", () => {
  const { project: copy, problems } = doctorOnCopies();

  it("finds nothing wrong with an unchanged copy", async () => {
    expect(await problems()).to.deep.equal([]);
  });

  describe("sqsd option ranges", () => {
    it("names the file, line, option and range of a value AWS rejects", async () => {
      await copy().replace(DAEMON, "HttpConnections: 10", "HttpConnections: 150");
      const line = await copy().lineOf(DAEMON, "HttpConnections:");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: aws:elasticbeanstalk:sqsd HttpConnections: expected a whole number from 1 to 100, got 150`,
      ]);
    });

    it("reports an out-of-range MaxRetries once, without comparing it to its mirror", async () => {
      await copy().replace(DAEMON, "MaxRetries: 5", "MaxRetries: 0");
      const line = await copy().lineOf(DAEMON, "MaxRetries:");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: aws:elasticbeanstalk:sqsd MaxRetries: expected a whole number from 1 to 100, got 0`,
      ]);
    });

    it("names an option AWS does not have", async () => {
      await copy().replace(DAEMON, "MaxRetries: 5", "MaxRetry: 5");
      const line = await copy().lineOf(DAEMON, "MaxRetry:");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: unknown aws:elasticbeanstalk:sqsd option "MaxRetry"`,
      ]);
    });

    it("names the line of a YAML syntax error and stops there", async () => {
      await copy().replace(DAEMON, "ConnectTimeout: 5", "ConnectTimeout: [5");
      const found = await problems();
      expect(found.length).to.not.equal(0);
      // Only parse errors, each at its line: nothing is compared with a file that did not parse.
      for (const problem of found)
        expect(problem).to.match(/^\.ebextensions\/01-worker-daemon\.config:\d+: /);
      expect(found.filter((problem) => problem.includes("expected")).length).to.equal(0);
    });
  });

  describe("the timeout chain", () => {
    it("fails when nginx would cut off a job running for the default job timeout", async () => {
      await copy().replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout 60s;");
      const line = await copy().lineOf(NGINX, "proxy_read_timeout");
      const envLine = await copy().lineOf(ENVIRONMENT, "WORKER_JOB_TIMEOUT_SECONDS:");
      expect(await problems()).to.deep.equal([
        `${NGINX}:${line}: expected proxy_read_timeout above the job "fixture-job" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${envLine}), got 60 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
        `${NGINX}:${line}: expected proxy_read_timeout above the periodic task "fixture-task" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${envLine}), got 60 s. nginx would answer 504 while the periodic task still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails when a delivery held during the drain would outlast nginx's read timeout", async () => {
      await copy().replace(
        ENVIRONMENT,
        "    NODE_ENV: production\n",
        '    NODE_ENV: production\n    WORKER_SHUTDOWN_DEADLINE_SECONDS: "358"\n',
      );
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_SHUTDOWN_DEADLINE_SECONDS:");
      const nginxLine = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: expected WORKER_SHUTDOWN_DEADLINE_SECONDS at most 357 s, nginx proxy_read_timeout 360 s (${NGINX}:${nginxLine}) less the 3 s the drain adds, got 358 s. A message held during the drain would be cut off by nginx instead of answered 503 by the app.`,
      ]);
    });

    it("fails when nginx's default read timeout applies", async () => {
      await copy().replace(NGINX, "proxy_read_timeout 360s;", "");
      expect(await problems(JOBS, QUICK_TASKS)).to.deep.equal([
        `.platform/nginx/conf.d: expected proxy_read_timeout above the job "fixture-job" timeout of 300 s (WORKER_JOB_TIMEOUT_SECONDS, ${ENVIRONMENT}:${await copy().lineOf(ENVIRONMENT, "WORKER_JOB_TIMEOUT_SECONDS:")}), got 60 s, the nginx default (not set). nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails on a job whose own timeoutSeconds is too long for nginx", async () => {
      const line = await copy().lineOf(NGINX, "proxy_read_timeout");
      // The new job type also lacks its failure-rate alarm (doctor-alarms.test.ts); this test is about nginx.
      const found = await problems([...JOBS, { name: "slow-report", timeoutSeconds: 400 }]);
      expect(found.filter((problem) => !problem.includes("failure-rate alarm"))).to.deep.equal([
        `${NGINX}:${line}: expected proxy_read_timeout above the job "slow-report" timeout of 400 s (its timeoutSeconds), got 360 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("uses the app's default job timeout when WORKER_JOB_TIMEOUT_SECONDS is not set", async () => {
      await copy().replace(ENVIRONMENT, 'WORKER_JOB_TIMEOUT_SECONDS: "300"', "");
      await copy().replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout 60s;");
      const line = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems(JOBS, QUICK_TASKS)).to.deep.equal([
        `${NGINX}:${line}: expected proxy_read_timeout above the job "fixture-job" timeout of 60 s (WORKER_JOB_TIMEOUT_SECONDS, app default), got 60 s. nginx would answer 504 while the job still runs, and sqsd would retry it.`,
      ]);
    });

    it("fails when sqsd would give up before nginx", async () => {
      await copy().replace(DAEMON, "InactivityTimeout: 390", "InactivityTimeout: 300");
      const line = await copy().lineOf(DAEMON, "InactivityTimeout:");
      const nginxLine = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: expected InactivityTimeout at least nginx proxy_read_timeout 360 s (${NGINX}:${nginxLine}), got 300 s. sqsd would give up on a request nginx is still waiting for.`,
      ]);
    });

    it("fails when InactivityTimeout is left at AWS's default", async () => {
      await copy().replace(DAEMON, "InactivityTimeout: 390", "");
      const nginxLine = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems()).to.deep.equal([
        `.ebextensions: expected InactivityTimeout at least nginx proxy_read_timeout 360 s (${NGINX}:${nginxLine}), got 299 s, the AWS default (not set). sqsd would give up on a request nginx is still waiting for.`,
      ]);
    });

    it("fails when the message would become visible while sqsd still waits", async () => {
      await copy().replace(DAEMON, "VisibilityTimeout: 780", "VisibilityTimeout: 390");
      const line = await copy().lineOf(DAEMON, "  VisibilityTimeout:");
      const inactivityLine = await copy().lineOf(DAEMON, "InactivityTimeout:");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: expected VisibilityTimeout above InactivityTimeout 390 s (${DAEMON}:${inactivityLine}), got 390 s. The message would become visible and be delivered again while the first delivery is still running.`,
      ]);
    });

    it("fails when a message waiting in sqsd's backlog could run out of visibility before its own POST ends", async () => {
      // sqsd holds up to HttpConnections received messages while every connection is busy: one
      // waits for a POST to end (up to proxy_read_timeout, 360 s), then runs its own (360 s).
      await copy().replace(DAEMON, "VisibilityTimeout: 780", "VisibilityTimeout: 700");
      const line = await copy().lineOf(DAEMON, "  VisibilityTimeout:");
      const nginxLine = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems()).to.deep.equal([
        `${DAEMON}:${line}: expected VisibilityTimeout above 720 s, twice the longest POST of 360 s (nginx proxy_read_timeout, ${NGINX}:${nginxLine}), got 700 s. A message sqsd holds in its local backlog waits for one POST before its own, and its visibility runs from the receive (docs/protocol.md §1.4): it would be delivered again while its first delivery runs.`,
      ]);
    });

    it("names a malformed nginx time instead of comparing it", async () => {
      await copy().replace(NGINX, "proxy_read_timeout 360s;", "proxy_read_timeout soon;");
      const line = await copy().lineOf(NGINX, "proxy_read_timeout");
      expect(await problems()).to.deep.equal([
        `${NGINX}:${line}: proxy_read_timeout: expected one nginx time such as 360s or 6m, got "soon"`,
      ]);
    });
  });

  describe("body limits", () => {
    it("fails when the app would refuse a message SQS accepts", async () => {
      await copy().replace(
        ENVIRONMENT,
        'WORKER_BODY_LIMIT_BYTES: "1048576"',
        'WORKER_BODY_LIMIT_BYTES: "262144"',
      );
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_BODY_LIMIT_BYTES:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: expected WORKER_BODY_LIMIT_BYTES at least 1048576 bytes (the largest SQS message), got 262144 bytes. Larger messages would be answered 413 and end in the dead-letter queue.`,
      ]);
    });

    it("fails when nginx would refuse a body the app accepts", async () => {
      await copy().replace(NGINX, "client_max_body_size 2m;", "client_max_body_size 512k;");
      const line = await copy().lineOf(NGINX, "client_max_body_size");
      const envLine = await copy().lineOf(ENVIRONMENT, "WORKER_BODY_LIMIT_BYTES:");
      expect(await problems()).to.deep.equal([
        `${NGINX}:${line}: expected client_max_body_size at least WORKER_BODY_LIMIT_BYTES 1048576 bytes (${ENVIRONMENT}:${envLine}) and the largest SQS message (1048576 bytes), got 524288 bytes. nginx would answer 413 before the app sees the message.`,
      ]);
    });

    it("accepts nginx's default of 1m, exactly the largest message", async () => {
      await copy().replace(NGINX, "client_max_body_size 2m;", "");
      expect(await problems()).to.deep.equal([]);
    });
  });

  describe("mirrored settings", () => {
    it("fails when WORKER_MAX_RETRIES differs from MaxRetries", async () => {
      await copy().replace(ENVIRONMENT, 'WORKER_MAX_RETRIES: "5"', 'WORKER_MAX_RETRIES: "10"');
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_MAX_RETRIES:");
      const daemonLine = await copy().lineOf(DAEMON, "MaxRetries:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: expected WORKER_MAX_RETRIES to equal MaxRetries 5 (${DAEMON}:${daemonLine}), got 10. The app would mistake which delivery is the last one.`,
      ]);
    });

    it("fails when the mirror is missing and the app default differs", async () => {
      await copy().replace(ENVIRONMENT, 'WORKER_MAX_RETRIES: "5"', "");
      const daemonLine = await copy().lineOf(DAEMON, "MaxRetries:");
      expect(await problems()).to.deep.equal([
        `.ebextensions: expected WORKER_MAX_RETRIES to equal MaxRetries 5 (${DAEMON}:${daemonLine}), got 10, the app default (not set). The app would mistake which delivery is the last one.`,
      ]);
    });

    it("fails when HttpPath and WORKER_HTTP_PATH differ", async () => {
      await copy().replace(DAEMON, "HttpPath: /", "HttpPath: /jobs");
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_HTTP_PATH:");
      const daemonLine = await copy().lineOf(DAEMON, "HttpPath:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: expected WORKER_HTTP_PATH to equal HttpPath "/jobs" (${DAEMON}:${daemonLine}), got "/". sqsd would POST every job to a path the app does not serve.`,
      ]);
    });
  });

  describe("concurrency", () => {
    it("fails when the app would take fewer jobs at once than sqsd sends", async () => {
      await copy().replace(
        ENVIRONMENT,
        "    NODE_ENV: production\n",
        '    NODE_ENV: production\n    WORKER_MAX_CONCURRENT_JOBS: "4"\n',
      );
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_MAX_CONCURRENT_JOBS:");
      const daemonLine = await copy().lineOf(DAEMON, "HttpConnections:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: expected WORKER_MAX_CONCURRENT_JOBS at least HttpConnections 10 (${DAEMON}:${daemonLine}), got 4. sqsd would send more jobs at once than the app takes, and each extra one would be answered 503 and retried.`,
      ]);
    });
  });

  describe("environment properties", () => {
    it("rejects a CloudFormation function written as a YAML mapping", async () => {
      await copy().replace(
        ENVIRONMENT,
        `WORKER_QUEUE_URL: '\`{"Ref" : "AWSEBWorkerQueue"}\`'`,
        'WORKER_QUEUE_URL: { "Ref": "AWSEBWorkerQueue" }',
      );
      const line = await copy().lineOf(ENVIRONMENT, "WORKER_QUEUE_URL:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: environment property WORKER_QUEUE_URL: expected a string (write CloudFormation functions as '\`{"Ref" : "Name"}\`' in option_settings), got a mapping`,
      ]);
    });

    it("reports a value the app's configuration rejects, at its line", async () => {
      await copy().replace(ENVIRONMENT, 'PORT: "8080"', 'PORT: "eighty"');
      const line = await copy().lineOf(ENVIRONMENT, "PORT:");
      expect(await problems()).to.deep.equal([
        `${ENVIRONMENT}:${line}: environment property PORT: expected a whole number from 0 to 65535, got "eighty"`,
      ]);
    });
  });
});
