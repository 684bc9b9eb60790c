import { expect } from "chai";
import path from "node:path";
import { run } from "./deploy/support/processes.js";
import { REPO_ROOT } from "./deploy/support/project-copy.js";

/** The SDK warns below this major version (@aws-sdk/core's emitWarningIfUnsupportedVersion). */
const SDK_SUPPORTED_MAJOR = 22;

/** A new Node.js process that builds an SQS client, after silencing the warning if asked; its stderr. */
async function buildClientInNewProcess(silence: boolean): Promise<string> {
  const warning = path.join(REPO_ROOT, "src/sdk-node-warning.ts");
  const script = [
    `import { SQSClient } from "@aws-sdk/client-sqs";`,
    `import { silenceSdkNodeVersionWarning } from ${JSON.stringify(warning)};`,
    silence ? "silenceSdkNodeVersionWarning(process.env);" : "",
    `new SQSClient({ region: "us-east-1" });`,
  ].join("\n");
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const { code, output } = await run(
    process.execPath,
    ["--import", "tsx", "--input-type=module", "--eval", script],
    { cwd: REPO_ROOT, env },
  );
  expect(code, output).to.equal(0);
  return output;
}

describe("silenceSdkNodeVersionWarning (the project's own processes)", function () {
  // Two Node.js processes under tsx, each loading the SDK.
  this.timeout(30_000);

  it("keeps the SDK from printing NodeVersionSupportWarning in a process that calls it first", async () => {
    expect(await buildClientInNewProcess(true)).to.not.include("NodeVersionSupportWarning");
  });

  it("leaves the SDK its warning in a process that only imports the library (below Node.js 22)", async () => {
    const major = Number(process.versions.node.split(".")[0]);
    const output = await buildClientInNewProcess(false);
    if (major < SDK_SUPPORTED_MAJOR) expect(output).to.include("NodeVersionSupportWarning");
    else expect(output).to.not.include("NodeVersionSupportWarning");
  });
});
