import { expect } from "chai";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findProgram, searchDirectories } from "./find-program.js";

describe("findProgram (a system program, where a user has it installed)", () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), "find-program-"));
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** A directory under the test's root, optionally with an executable (or not) file in it. */
  async function directory(name: string, file?: { name: string; mode: number }): Promise<string> {
    const dir = path.join(root, name);
    await mkdir(dir);
    if (file) {
      await writeFile(path.join(dir, file.name), "#!/bin/sh\n");
      await chmod(path.join(dir, file.name), file.mode);
    }
    return dir;
  }

  it("prefers a PATH directory to the usual directories", async () => {
    const onPath = await directory("on-path", { name: "tool", mode: 0o755 });
    const usual = await directory("usual", { name: "tool", mode: 0o755 });
    expect(await findProgram(["tool"], { path: onPath, directories: [usual] })).to.equal(
      path.join(onPath, "tool"),
    );
  });

  it("falls back to the usual directories (Homebrew's, sbin) when PATH lacks the program", async () => {
    const onPath = await directory("on-path");
    const usual = await directory("usual", { name: "tool", mode: 0o755 });
    expect(await findProgram(["tool"], { path: onPath, directories: [usual] })).to.equal(
      path.join(usual, "tool"),
    );
  });

  it("passes over a file that is not executable and a directory of the same name", async () => {
    const plain = await directory("plain", { name: "tool", mode: 0o644 });
    const folder = await directory("folder");
    await mkdir(path.join(folder, "tool"));
    const real = await directory("real", { name: "tool", mode: 0o755 });
    const found = await findProgram(["tool"], {
      path: [plain, folder].join(path.delimiter),
      directories: [real],
    });
    expect(found).to.equal(path.join(real, "tool"));
  });

  it("looks for an alternative name only when the usual name is nowhere", async () => {
    const first = await directory("first", { name: "chromium-browser", mode: 0o755 });
    const second = await directory("second", { name: "chromium", mode: 0o755 });
    const found = await findProgram(["chromium", "chromium-browser"], {
      path: first,
      directories: [second],
    });
    expect(found).to.equal(path.join(second, "chromium"));
  });

  it("answers undefined when no directory has the program", async () => {
    const empty = await directory("empty");
    expect(await findProgram(["tool"], { path: empty, directories: [empty] })).to.equal(undefined);
  });
});

describe("searchDirectories", () => {
  it("searches PATH in order, then the usual directories, each once, ignoring empty PATH entries", () => {
    expect(
      searchDirectories({
        path: ["", "/a", "", "/b"].join(path.delimiter),
        directories: ["/b", "/c"],
      }),
    ).to.deep.equal(["/a", "/b", "/c"]);
  });

  it("includes Homebrew's directories and the sbin directories by default", () => {
    expect(searchDirectories({ path: undefined })).to.include.members([
      "/opt/homebrew/bin",
      "/opt/homebrew/sbin",
      "/usr/local/bin",
      "/usr/local/sbin",
      "/usr/sbin",
      "/usr/bin",
    ]);
  });
});
