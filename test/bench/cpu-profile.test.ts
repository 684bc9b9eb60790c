import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageOf, summarizeProfile } from "../../bench/lib/cpu-profile.js";

describe("the CPU profile summary", () => {
  it("names the package, Node.js module or project folder a function belongs to", () => {
    expect(packageOf("file:///app/node_modules/pino/lib/tools.js", "f")).to.equal("pino");
    expect(packageOf("file:///app/node_modules/@smithy/core/dist-cjs/index.js", "f")).to.equal(
      "@smithy/core",
    );
    expect(packageOf("file:///app/node_modules/a/node_modules/b/index.js", "f")).to.equal("b");
    expect(
      packageOf("file:///app/node_modules/.cache/sqs-worker-bench/src/daemon/poller.js", "f"),
    ).to.equal("src/daemon");
    expect(packageOf("node:internal/streams/writable", "f")).to.equal("node:streams");
    expect(packageOf("node:_http_server", "f")).to.equal("node:_http_server");
    expect(packageOf("", "(garbage collector)")).to.equal("(garbage collector)");
    expect(packageOf("", "writev")).to.equal("(native)");
  });

  it("adds up self time by package and by function, leaving idle time out of the shares", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-profile-"));
    try {
      const file = join(dir, "test.cpuprofile");
      const frame = (id: number, functionName: string, url: string) => ({
        id,
        callFrame: { functionName, url, lineNumber: 9, columnNumber: 0, scriptId: "0" },
      });
      writeFileSync(
        file,
        JSON.stringify({
          nodes: [
            frame(1, "(idle)", ""),
            frame(2, "stringify", "file:///a/node_modules/pino/lib/tools.js"),
            frame(3, "handle", "file:///a/node_modules/express/lib/app.js"),
          ],
          samples: [1, 2, 2, 3],
          timeDeltas: [4000, 3000, 3000, 2000],
          startTime: 0,
          endTime: 12000,
        }),
      );
      const summary = summarizeProfile(file);
      expect(summary.totalMs).to.equal(12);
      expect(summary.busyMs).to.equal(8);
      expect(summary.byPackage).to.deep.equal([
        { name: "pino", ms: 6, share: 0.75 },
        { name: "express", ms: 2, share: 0.25 },
      ]);
      expect(summary.byFunction[0]?.name).to.equal("stringify (pino:10)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
