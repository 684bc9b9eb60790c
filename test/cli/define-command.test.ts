import { expect } from "chai";
import { UsageError } from "../../src/cli/command.js";
import { defineCommand } from "../../src/cli/define-command.js";
import type { ParsedFlags } from "../../src/cli/flags.js";

/** The least context a command needs: somewhere for its help. */
interface StdoutOnly {
  stdout: { write(text: string): void };
}

/** A command that records what its own `run` was handed, and the text written to stdout. */
function recordingCommand(positionals?: boolean) {
  const calls: ParsedFlags[] = [];
  const command = defineCommand<StdoutOnly>({
    name: "probe",
    summary: "Records its arguments.",
    usage: "sqs-worker probe [options]",
    description: "A command for this test.",
    flags: { label: { type: "string", value: "text", description: "A label." } },
    ...(positionals === undefined ? {} : { positionals }),
    run(parsed) {
      calls.push(parsed);
      return Promise.resolve(7);
    },
  });
  let stdout = "";
  const context: StdoutOnly = {
    stdout: {
      write: (text) => {
        stdout += text;
      },
    },
  };
  return { command, calls, context, stdout: () => stdout };
}

describe("defineCommand", () => {
  it("answers --help with the generated help and exit code 0, without running the command", async () => {
    const probe = recordingCommand();
    expect(await probe.command.run(["--label", "x", "--help"], probe.context)).to.equal(0);
    expect(probe.calls).to.have.length(0);
    expect(probe.stdout()).to.equal(
      "Usage: sqs-worker probe [options]\n\nA command for this test.\n\nOptions:\n      --label <text>  A label.\n  -h, --help          Show this help.\n",
    );
  });

  it("runs the command with the parsed flags and returns its exit code", async () => {
    const probe = recordingCommand(true);
    expect(await probe.command.run(["--label", "x", "word"], probe.context)).to.equal(7);
    expect(probe.calls).to.have.length(1);
    expect(probe.calls[0]?.values.label).to.equal("x");
    expect(probe.calls[0]?.positionals).to.deep.equal(["word"]);
  });

  it("refuses bare arguments as a usage error unless the command allows them", async () => {
    const probe = recordingCommand();
    const failure = await probe.command.run(["word"], probe.context).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(UsageError);
    expect(probe.calls).to.have.length(0);
  });

  it("refuses an unknown option as a usage error naming the nearest known one", async () => {
    const probe = recordingCommand();
    const failure = await probe.command.run(["--lable", "x"], probe.context).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(UsageError);
    expect((failure as Error).message).to.match(/^Expected a known option, got --lable.*--label/);
  });
});
