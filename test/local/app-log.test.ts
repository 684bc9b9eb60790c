import { expect } from "chai";
import { appLogWriter } from "../../src/local/app-log.js";

/** What the app writes for one job: pino-http's request line, then the outcome line. */
const REQUEST_LINE = JSON.stringify({
  level: 30,
  time: Date.UTC(2026, 0, 1, 7, 0, 1, 250),
  req: { id: 1, method: "POST", url: "/", messageId: "m-1", receiveCount: "1" },
  res: { statusCode: 200 },
  responseTime: 4,
  msg: "request completed",
});
const OUTCOME_LINE = JSON.stringify({
  level: 30,
  time: Date.UTC(2026, 0, 1, 7, 0, 1, 250),
  jobType: "send-email",
  messageId: "m-1",
  receiveCount: 1,
  durationMs: 3.2,
  outcome: "ok",
  status: 200,
  msg: "job outcome",
});

function written(mode: "pretty" | "json", colour: boolean, lines: string[]): string[] {
  const out: string[] = [];
  const write = appLogWriter({ mode, colour, write: (line) => out.push(line) });
  for (const line of lines) write(line);
  return out;
}

describe("the app's log in npm run local", () => {
  it("prints one readable line per job with its outcome, without JSON or epoch times", () => {
    const out = written("pretty", false, [REQUEST_LINE, OUTCOME_LINE]);
    expect(out).to.have.length(1);
    const [line = ""] = out;
    expect(line).to.match(/^app {2}\| \[\d\d:\d\d:\d\d\.\d{3}\] INFO: job outcome /);
    expect(line).to.include("jobType=send-email").and.include("outcome=ok");
    expect(line).not.to.include("{").and.not.to.include("1767250801250");
    expect(line).not.to.include("\n");
  });

  it("colours the level only when asked (a terminal)", () => {
    expect(written("pretty", true, [OUTCOME_LINE])[0]).to.include("\u001b[");
    expect(written("pretty", false, [OUTCOME_LINE])[0]).not.to.include("\u001b[");
  });

  it("keeps pino-http's line when it is a warning (a 5xx), and passes non-JSON lines through", () => {
    const failed = REQUEST_LINE.replace('"level":30', '"level":40');
    const out = written("pretty", false, [failed, "node: some warning"]);
    expect(out).to.have.length(2);
    expect(out[1]).to.equal("app  | node: some warning");
  });

  it("passes the app's JSON lines through unprefixed with --json, so pino-pretty can be piped in", () => {
    expect(written("json", false, [REQUEST_LINE, OUTCOME_LINE])).to.deep.equal([
      REQUEST_LINE,
      OUTCOME_LINE,
    ]);
  });
});
