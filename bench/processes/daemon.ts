/**
 * The local sqsd in its own process, started the way `sqs-worker daemon` starts it (runDaemon
 * with the AWS defaults and its sqsd-style log on stdout), but only on the harness's go, so its
 * start-up is not timed. No cron.yaml: periodic tasks are not what is measured.
 */
import { runDaemon } from "../../src/daemon/run-daemon.js";
import { resolveSqsdOptions } from "../../src/eb/sqsd-options.js";
import { announceReady, childOptions, exitWithHarness, waitForGo } from "../lib/child.js";
import { localSqsClient } from "../lib/sqs.js";

export interface DaemonProcessOptions {
  endpoint: string;
  queueUrl: string;
  appPort: number;
  /** `HttpConnections`; every other option keeps its AWS default. */
  httpConnections: number;
  /** Concurrent ReceiveMessage loops. @default the daemon's (HttpConnections ÷ 2.5) */
  pollers?: number;
}

exitWithHarness();
const { endpoint, queueUrl, appPort, httpConnections, pollers } =
  childOptions() as DaemonProcessOptions;
const sqs = localSqsClient(endpoint);
const options = resolveSqsdOptions({ httpConnections });
announceReady();
await waitForGo();
await runDaemon({
  sqs,
  queueUrl,
  options,
  app: { host: "127.0.0.1", port: appPort },
  cronFile: undefined,
  ...(pollers === undefined ? {} : { tuning: { pollers } }),
  log: (line) => {
    process.stdout.write(`${line}\n`);
  },
});
