/**
 * `nginx -t` on the repository's .platform nginx files, placed into a configuration laid out
 * like Beanstalk's on Amazon Linux 2023. Nothing global is touched: the prefix, pid, logs and
 * temp paths are all in a temporary directory.
 */
import { expect } from "chai";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { layOutEbNginx } from "./support/eb-nginx.js";
import { run } from "./support/processes.js";
import { freePort } from "../support/free-port.js";
import { requireProgram } from "../support/system-programs.js";
import { REPO_ROOT } from "./support/project-copy.js";

describe("nginx -t on .platform/nginx in a Beanstalk-like layout", () => {
  let nginx: string;

  before(async function () {
    nginx = await requireProgram(this, "nginx");
  });

  async function nginxTest(confD: string) {
    const layout = await layOutEbNginx({
      confD,
      listenPort: await freePort(),
      appPort: await freePort(),
    });
    try {
      return await run(nginx, ["-t", ...layout.args]);
    } finally {
      await layout.remove();
    }
  }

  it("accepts the repository's files", async () => {
    const { code, output } = await nginxTest(path.join(REPO_ROOT, ".platform/nginx/conf.d"));
    expect(code, output).to.equal(0);
    expect(output).to.match(/syntax is ok/);
    expect(output).to.match(/test is successful/);
  });

  it("rejects a location block in conf.d, as Beanstalk would at deploy time", async () => {
    const confD = await mkdtemp(path.join(tmpdir(), "conf-d-"));
    try {
      await writeFile(
        path.join(confD, "bad.conf"),
        "location /jobs {\n    proxy_read_timeout 900s;\n}\n",
      );
      const { code, output } = await nginxTest(confD);
      expect(code).to.not.equal(0);
      expect(output).to.match(/"location" directive is not allowed here in .*conf\.d\/bad\.conf:1/);
    } finally {
      await rm(confD, { recursive: true, force: true });
    }
  });
});
