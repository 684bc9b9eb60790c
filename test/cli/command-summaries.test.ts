import { expect } from "chai";
import { cli } from "./support.js";

/** The command rows of a help text: two spaces, the name, then the summary. */
function summaries(help: string): string[] {
  const commands = help.split("Commands:\n")[1]?.split("\n\n")[0] ?? "";
  return commands
    .split("\n")
    .map((row) => row.trim().replace(/^\S+\s+/, ""))
    .filter((summary) => summary !== "");
}

describe("sqs-worker's command lists", () => {
  for (const args of [["--help"], ["dlq", "--help"]]) {
    it(`writes every summary in \`sqs-worker ${args.join(" ")}\` as a sentence: a capital, a full stop`, async () => {
      const run = await cli(args);
      expect(run.code).to.equal(0);
      const found = summaries(run.stdout);
      expect(found).to.not.be.empty;
      for (const summary of found) expect(summary).to.match(/^[A-Z].*\.$/, summary);
    });
  }
});
