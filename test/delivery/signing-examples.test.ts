/**
 * docs/signing.md's examples, run from outside Node exactly as the document prints them: the
 * Python script and the shell script sign a message, and the app accepts it, and refuses it once
 * the body is changed. Without python3 or openssl the tests are skipped and the run says so
 * (test/support/system-programs.ts); under CI=true they are mandatory.
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "chai";
import { SIGNATURE_ATTRIBUTE } from "../../src/protocol/signature.js";
import { echoJob, recorder } from "../fixtures/jobs.js";
import { KEY_1, SIGNING_ENV } from "../support/signing.js";
import { job, postJob } from "../support/sqsd-request.js";
import { requireProgram } from "../support/system-programs.js";
import { testWorker } from "../support/worker.js";

/** The first fenced block of this language in docs/signing.md. */
async function exampleFromDocs(language: string): Promise<string> {
  const doc = await readFile(new URL("../../docs/signing.md", import.meta.url), "utf8");
  const match = new RegExp("```" + language + "\\n([\\s\\S]*?)```").exec(doc);
  if (!match?.[1])
    throw new Error(`Expected a \`\`\`${language} block in docs/signing.md, got none`);
  return match[1];
}

/** Runs a program to completion, bounded in time; resolves with its stdout. */
function run(program: string, args: string[], stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      env: {
        PATH: process.env.PATH,
        SIGNING_KEY_ID: KEY_1.keyId,
        SIGNING_KEY: KEY_1.secret.toString("base64"),
      },
      timeout: 5000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(stdout.trim());
      else reject(new Error(`Expected ${program} to exit 0, got ${code}: ${stderr}`));
    });
    child.stdin.end(stdin);
  });
}

describe("docs/signing.md's examples, signing from outside Node", function () {
  this.timeout(15_000);
  // Names that sort differently as names and as whole lines ("a" < "a-b", "a=" > "a-"), a name
  // HTTP lowercases, and a body with non-ASCII bytes.
  const attributes = { Tenant: "acme", "a-b": "1", a: "2", "idempotency-key": "welcome/42" };
  const payload = { n: 1, text: "héllo ✓" };
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "sqs-worker-signing-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function expectAcceptedThenRefusedWhenTampered(signature: string) {
    const record = recorder();
    const { app } = testWorker({ jobs: [echoJob(record)], env: SIGNING_ENV });
    const signed = { ...attributes, [SIGNATURE_ATTRIBUTE]: signature };
    const sentAt = new Date();
    // The tampered copy first: once the job completed, its idempotency key answers 200 anyway.
    const tampered = await postJob(
      app,
      "echo",
      { ...payload, n: 2 },
      { sentAt, attributes: signed },
    );
    expect(tampered.status).to.equal(403);
    expect(tampered.body).to.include({ reason: "signature-invalid" });
    const accepted = await postJob(app, "echo", payload, { sentAt, attributes: signed });
    expect(accepted.body).to.include({ reason: "completed" });
    // The echo job's schema keeps only n; the body with its non-ASCII text was what got signed.
    expect(record.calls.map((call) => call.payload)).to.deep.equal([{ n: 1 }]);
  }

  it("the Python example signs a job the app accepts, and a changed body is refused", async function () {
    const python = await requireProgram(this, "python3");
    const script = join(folder, "sign_worker_message.py");
    await writeFile(script, await exampleFromDocs("python"));
    const pairs = Object.entries(attributes).map(([name, value]) => `${name}=${value}`);
    const signature = await run(python, [script, ...pairs], job("echo", payload));
    expect(signature).to.match(/^v1;kid=k1;t=\d+;sig=[0-9a-f]{64}$/);
    await expectAcceptedThenRefusedWhenTampered(signature);
  });

  it("the shell example signs a job the app accepts, and a changed body is refused", async function () {
    await requireProgram(this, "openssl");
    const script = join(folder, "sign.sh");
    const bodyFile = join(folder, "body.json");
    await writeFile(script, await exampleFromDocs("sh"));
    await writeFile(bodyFile, job("echo", payload));
    const pairs = Object.entries(attributes).map(([name, value]) => `${name}=${value}`);
    const signature = await run("sh", [script, bodyFile, ...pairs], "");
    expect(signature).to.match(/^v1;kid=k1;t=\d+;sig=[0-9a-f]{64}$/);
    await expectAcceptedThenRefusedWhenTampered(signature);
  });
});
