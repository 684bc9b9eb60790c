/**
 * The README's tables are documentation of decisions made in code; these tests keep them in step,
 * so a new outcome or configuration variable cannot ship undocumented.
 */
import { expect } from "chai";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../src/config.js";
import { STATUS_BY_REASON } from "../../src/delivery/outcomes.js";

const ROOT = join(import.meta.dirname, "..", "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");

/** The rows of the table between `<!-- name -->` and `<!-- /name -->`, as cells. */
function tableRows(name: string): string[][] {
  const start = README.indexOf(`<!-- ${name}`);
  const end = README.indexOf(`<!-- /${name} -->`);
  if (start < 0 || end < start) throw new Error(`Expected a ${name} block in README.md`);
  return README.slice(start, end)
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .slice(2)
    .map((line) =>
      line
        .slice(1, -1)
        .split("|")
        .map((cell) => cell.trim()),
    );
}

/** Every `code` span in a cell. */
function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "");
}

describe("README.md", () => {
  it("stays short enough to read in five minutes (at most 250 lines)", () => {
    expect(README.split("\n").length).to.be.at.most(250);
  });

  it("lists every outcome's reason with the status src/delivery/outcomes.ts gives it, and no other", () => {
    const documented = new Map<string, number>();
    for (const [, status, reasons] of tableRows("status-table")) {
      for (const reason of codes(reasons ?? "")) documented.set(reason, Number(status));
    }
    expect(Object.fromEntries(documented)).to.deep.equal({ ...STATUS_BY_REASON });
  });

  it("lists every variable loadConfig reads, and no other", () => {
    const read = new Set<string>();
    const recording = new Proxy(
      {},
      {
        get(_target, name) {
          if (typeof name === "string") read.add(name);
          return undefined;
        },
      },
    );
    loadConfig(recording, { jobs: [], tasks: [] });
    const documented = tableRows("config-table").flatMap(([variable]) => codes(variable ?? ""));
    expect([...documented].sort()).to.deep.equal([...read].sort());
  });

  it("links only to files that exist", () => {
    const links = [...README.matchAll(/\]\(([^)#]+)\)/g)]
      .map((match) => match[1] ?? "")
      .filter((target) => !/^[a-z]+:/.test(target));
    const missing = links.filter((target) => !existsSync(join(ROOT, target)));
    expect(missing).to.deep.equal([]);
  });
});
