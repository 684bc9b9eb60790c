import { expect } from "chai";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { HttpPoster } from "../../src/daemon/http-poster.js";
import {
  behindNginx,
  loadNginxEmulation,
  NginxSettingsError,
} from "../../src/daemon/nginx-emulation.js";
import { loadDeployment } from "../../src/doctor/deployment.js";

/** A project root whose .platform/nginx/conf.d/proxy.conf holds these lines. */
function projectWithNginx(lines: string[]): { root: string; confD: string } {
  const root = mkdtempSync(join(tmpdir(), "sqs-worker-nginx-"));
  const confD = join(root, ".platform", "nginx", "conf.d");
  mkdirSync(confD, { recursive: true });
  writeFileSync(join(confD, "proxy.conf"), `${lines.join("\n")}\n`);
  return { root, confD };
}

async function doctorSees(root: string) {
  const loaded = await loadDeployment(root);
  return {
    problems: loaded.problems,
    readTimeout: loaded.deployment?.nginx.proxyReadTimeout.value,
    maxBody: loaded.deployment?.nginx.clientMaxBodySize.value,
  };
}

async function emulationError(confD: string): Promise<string> {
  try {
    await loadNginxEmulation(confD);
  } catch (error) {
    expect(error).to.be.instanceOf(NginxSettingsError);
    return (error as Error).message;
  }
  return expect.fail("Expected loadNginxEmulation to refuse the settings");
}

describe("nginx's read timeout and body limit, as the doctor and the emulation see them", () => {
  it("gives the emulation the values the doctor compares", async () => {
    const { root, confD } = projectWithNginx([
      "proxy_read_timeout 6m;",
      "client_max_body_size 2m;",
    ]);
    expect(await loadNginxEmulation(confD)).to.deep.equal({
      readTimeoutSeconds: 360,
      maxBodyBytes: 2 * 1024 * 1024,
    });
    expect(await doctorSees(root)).to.deep.equal({
      problems: [],
      readTimeout: 360,
      maxBody: 2 * 1024 * 1024,
    });
  });

  it("refuses a malformed proxy_read_timeout in the emulation, naming the line the doctor names", async () => {
    const { root, confD } = projectWithNginx([
      "client_max_body_size 2m;",
      "proxy_read_timeout soon;",
    ]);
    const problem = 'proxy_read_timeout: expected one nginx time such as 360s or 6m, got "soon"';
    expect(await emulationError(confD)).to.equal(
      `Expected nginx settings the emulation can use (npm run doctor reports the same), got:\n  ${join(confD, "proxy.conf")}:2: ${problem}`,
    );
    expect((await doctorSees(root)).problems).to.deep.equal([
      `.platform/nginx/conf.d/proxy.conf:2: ${problem}`,
    ]);
  });

  it("refuses a proxy_read_timeout of 0s rather than falling back to 60 s, as the doctor reports it", async () => {
    const { root, confD } = projectWithNginx(["proxy_read_timeout 0s;"]);
    expect(await emulationError(confD)).to.include(
      'proxy.conf:1: proxy_read_timeout: expected at least 1s, got "0s"',
    );
    expect((await doctorSees(root)).problems).to.deep.equal([
      '.platform/nginx/conf.d/proxy.conf:1: proxy_read_timeout: expected at least 1s, got "0s"',
    ]);
  });

  it("refuses a malformed client_max_body_size in the emulation and in the doctor", async () => {
    const { root, confD } = projectWithNginx(["client_max_body_size 2 m;"]);
    const problem =
      'client_max_body_size: expected one nginx size such as 2m or 1048576, got "2 m"';
    expect(await emulationError(confD)).to.include(`proxy.conf:1: ${problem}`);
    expect((await doctorSees(root)).problems).to.deep.equal([
      `.platform/nginx/conf.d/proxy.conf:1: ${problem}`,
    ]);
  });

  it("takes client_max_body_size 0 as nginx does: no body limit, not the 1 MiB default", async () => {
    const { root, confD } = projectWithNginx(["client_max_body_size 0;"]);
    const nginx = await loadNginxEmulation(confD);
    expect(nginx.maxBodyBytes).to.equal(0);
    expect((await doctorSees(root)).maxBody).to.equal(0);
    const reached: number[] = [];
    const app: HttpPoster = {
      urlFor: (path) => path,
      post: (_path, body) => {
        reached.push(body.length);
        return Promise.resolve({ kind: "status", status: 200, seconds: 0 });
      },
      destroy: () => undefined,
    };
    const big = "x".repeat(2 * 1024 * 1024);
    expect(await behindNginx(app, nginx, 299).post("/", big, {})).to.deep.equal({
      kind: "status",
      status: 200,
      seconds: 0,
    });
    expect(reached).to.deep.equal([big.length]);
  });
});
