import { expect } from "chai";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createZip } from "../../scripts/zip.js";
import { run } from "./support/processes.js";
import { requireProgram } from "../support/system-programs.js";

describe("createZip (the bundle's zip writer)", () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "zip-"));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes an archive Info-ZIP's unzip verifies and extracts, keeping contents, folders and modes", async function () {
    const unzip = await requireProgram(this, "unzip");
    const hook = "#!/bin/sh\necho predeploy\n";
    const zip = createZip([
      { name: "Procfile", data: Buffer.from("web: node dist/server.js\n") },
      { name: ".platform/hooks/predeploy/01-hook.sh", data: Buffer.from(hook), mode: 0o755 },
      { name: "dist/ünïcode.js", data: Buffer.alloc(100_000, "a") },
    ]);
    await writeFile(path.join(dir, "bundle.zip"), zip);

    const check = await run(unzip, ["-t", path.join(dir, "bundle.zip")]);
    expect(check.code, check.output).to.equal(0);
    const extract = await run(unzip, [
      "-q",
      path.join(dir, "bundle.zip"),
      "-d",
      path.join(dir, "out"),
    ]);
    expect(extract.code, extract.output).to.equal(0);

    expect(await readFile(path.join(dir, "out/Procfile"), "utf8")).to.equal(
      "web: node dist/server.js\n",
    );
    expect(
      await readFile(path.join(dir, "out/.platform/hooks/predeploy/01-hook.sh"), "utf8"),
    ).to.equal(hook);
    expect(
      (await stat(path.join(dir, "out/.platform/hooks/predeploy/01-hook.sh"))).mode & 0o777,
    ).to.equal(0o755);
    expect((await stat(path.join(dir, "out/Procfile"))).mode & 0o777).to.equal(0o644);
    expect((await readFile(path.join(dir, "out/dist/ünïcode.js"))).length).to.equal(100_000);
  });

  it("gives the same bytes for the same entries", () => {
    const entries = [{ name: "a.txt", data: Buffer.from("same") }];
    expect(createZip(entries)).to.deep.equal(createZip(entries));
  });

  it("refuses absolute and backslashed names", () => {
    expect(() => createZip([{ name: "/etc/passwd", data: Buffer.from("") }]))
      .to.throw()
      .with.property(
        "message",
        'Expected a relative zip entry name with forward slashes, got "/etc/passwd"',
      );
    expect(() => createZip([{ name: "dist\\server.js", data: Buffer.from("") }]))
      .to.throw()
      .with.property(
        "message",
        'Expected a relative zip entry name with forward slashes, got "dist\\server.js"',
      );
  });
});
