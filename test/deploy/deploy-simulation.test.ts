/**
 * The deploy simulation: build the bundle from a copy of the repository, unpack it into an empty
 * directory, install production dependencies only (as Beanstalk does), start the Procfile's
 * `web:` command with PORT set, put real nginx in front of it with the bundle's .platform files,
 * and POST a job to nginx the way sqsd does. A 200 proves the bundle is complete and runs
 * without dev dependencies.
 */
import { expect } from "chai";
import { access, cp, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readEbextensions } from "../../src/eb/ebextensions.js";
import { expectRejection } from "../support/expect-rejection.js";
import { sqsdHeaders } from "../support/sqsd-request.js";
import { layOutEbNginx, type EbNginx } from "./support/eb-nginx.js";
import { freePort } from "../support/free-port.js";
import { requireProgram } from "../support/system-programs.js";
import {
  httpRequest,
  run,
  startService,
  waitUntilServing,
  type Service,
} from "./support/processes.js";
import { REPO_ROOT } from "./support/project-copy.js";

/** What a fresh checkout has that the build needs; node_modules is linked, not copied. */
const NOT_COPIED = new Set(["node_modules", ".git", "dist", "bundle", "coverage", "outbox"]);

/** The `web:` process of a Procfile (docs/protocol.md §4.1: `name: command` per line). */
function webCommand(procfile: string): string {
  const line = procfile.split("\n").find((text) => /^web:\s*\S/.test(text));
  if (line === undefined)
    return expect.fail(`expected a web: line in the Procfile, got:\n${procfile}`);
  return line.replace(/^web:\s*/, "").trim();
}

describe("deploy simulation: the bundle behind nginx", function () {
  // Building, npm ci and two processes: generous, but bounded.
  this.timeout(120_000);

  let work: string;
  let app: string;
  let bundleFiles: string[];
  let server: Service | undefined;
  let nginx: Service | undefined;
  let layout: EbNginx | undefined;
  let nginxPort: number;
  let httpPath: string;

  before(async function () {
    const nginxProgram = await requireProgram(this, "nginx");
    const unzipProgram = await requireProgram(this, "unzip");
    work = await mkdtemp(path.join(tmpdir(), "deploy-simulation-"));
    const source = path.join(work, "source");
    app = path.join(work, "app");
    await mkdir(source);
    await mkdir(app);
    for (const entry of await readdir(REPO_ROOT)) {
      if (!NOT_COPIED.has(entry))
        await cp(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true });
    }
    await symlink(path.join(REPO_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");

    const bundle = await run("npm", ["run", "bundle"], { cwd: source });
    expect(bundle.code, bundle.output).to.equal(0);
    const zip = path.join(source, "bundle/sqs-worker.zip");
    const listing = await run(unzipProgram, ["-Z1", zip]);
    expect(listing.code, listing.output).to.equal(0);
    bundleFiles = listing.output.trim().split("\n");
    const unzip = await run(unzipProgram, ["-q", zip, "-d", app]);
    expect(unzip.code, unzip.output).to.equal(0);

    const install = await run(
      "npm",
      ["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"],
      { cwd: app },
    );
    expect(install.code, install.output).to.equal(0);

    // The instance's environment: the bundle's own environment properties, minus what only
    // CloudFormation resolves (the queue URLs), with PORT chosen by the test instead of 8080.
    const ebextensions = await readEbextensions(path.join(app, ".ebextensions"));
    const env: Record<string, string> = { PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin` };
    for (const [name, located] of Object.entries(ebextensions.environment)) {
      const value = String(located.value);
      if (!/^`.*`$/s.test(value)) env[name] = value;
    }
    const appPort = await freePort();
    env.PORT = String(appPort);
    const configuredPath = ebextensions.sqsd.HttpPath?.value;
    httpPath = typeof configuredPath === "string" ? configuredPath : "/";

    const command = webCommand(await readFile(path.join(app, "Procfile"), "utf8"));
    server = startService("/bin/sh", ["-c", `exec ${command}`], { cwd: app, env });
    await waitUntilServing(appPort, "/health", server);

    nginxPort = await freePort();
    layout = await layOutEbNginx({
      confD: path.join(app, ".platform/nginx/conf.d"),
      listenPort: nginxPort,
      appPort,
    });
    nginx = startService(nginxProgram, layout.args);
    await waitUntilServing(nginxPort, "/health", nginx);
  });

  after(async () => {
    await nginx?.stop();
    await server?.stop();
    await layout?.remove();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it("bundles the compiled app, its manifests and the deployment files, and nothing else", () => {
    for (const file of [
      "Procfile",
      "package.json",
      "package-lock.json",
      "cron.yaml",
      "dist/server.js",
      "dist/app.js",
    ]) {
      expect(bundleFiles, `expected ${file} in the bundle`).to.include(file);
    }
    expect(
      bundleFiles.some((file) => file.startsWith(".ebextensions/") && file.endsWith(".config")),
    ).to.equal(true);
    expect(bundleFiles).to.include(".platform/nginx/conf.d/worker-proxy.conf");
    const unexpected = bundleFiles.filter(
      (file) =>
        !/^(dist\/.*\.js|\.ebextensions\/.+|\.platform\/.+|Procfile|package\.json|package-lock\.json|cron\.yaml)$/.test(
          file,
        ),
    );
    expect(unexpected).to.deep.equal([]);
  });

  it("installs production dependencies only", async () => {
    await access(path.join(app, "node_modules/express/package.json"));
    const missing = await expectRejection(access(path.join(app, "node_modules/mocha")));
    expect(missing).to.have.property("code", "ENOENT");
  });

  it("answers 200 to a job POSTed to nginx as sqsd would", async () => {
    const answer = await httpRequest(
      nginxPort,
      "POST",
      httpPath,
      { ...sqsdHeaders({ behindNginx: false }), Host: "localhost" },
      JSON.stringify({ type: "noop", payload: {} }),
    );
    expect(answer.status, `${answer.body}\n${server?.output() ?? ""}`).to.equal(200);
  });

  it("lets a message of SQS's 1 MiB maximum through nginx to the job", async () => {
    const envelope = JSON.stringify({ type: "noop", payload: { padding: "" } });
    const body = JSON.stringify({
      type: "noop",
      payload: { padding: "x".repeat(1024 * 1024 - envelope.length) },
    });
    expect(Buffer.byteLength(body)).to.equal(1024 * 1024);
    const answer = await httpRequest(
      nginxPort,
      "POST",
      httpPath,
      { ...sqsdHeaders({ behindNginx: false }), Host: "localhost" },
      body,
    );
    expect(answer.status, answer.body).to.equal(200);
  });
});
