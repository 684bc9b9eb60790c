/**
 * The embedded queue (fauxqs) in its own process, so its CPU is measured apart from the
 * contenders'. Prints nothing; tells the harness its endpoint over IPC.
 */
import { startFauxqs } from "fauxqs";
import { announceReady, exitWithHarness } from "../lib/child.js";

exitWithHarness();
const server = await startFauxqs({ port: 0, host: "127.0.0.1", logger: false });
announceReady({ endpoint: server.address });
