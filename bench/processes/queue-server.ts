/**
 * The embedded queue (fauxqs) in its own process, so its CPU is measured apart from the
 * contenders'. Prints nothing; tells the harness its endpoint over IPC.
 */
import { startFauxqs } from "fauxqs";
import { announceReady, exitWithHarness } from "../lib/child.js";

exitWithHarness();
// No `host`: queue URLs then carry the host of the request (127.0.0.1:port). With host
// "127.0.0.1" fauxqs would build "sqs.us-east-1.127.0.0.1:port", which is not a valid URL.
const server = await startFauxqs({ port: 0, logger: false });
announceReady({ endpoint: `http://127.0.0.1:${server.port}` });
