import { expect } from "chai";
import { createDaemonEvents } from "../../src/daemon/events.js";
import { writeSqsdLog } from "../../src/daemon/log-lines.js";

describe("the daemon's sqsd-style log lines", function () {
  function linesFor(emit: (events: ReturnType<typeof createDaemonEvents>) => void): string[] {
    const events = createDaemonEvents();
    const lines: string[] = [];
    const stop = writeSqsdLog(events, (line) => lines.push(line.replace(/^\S+ /, "")));
    emit(events);
    stop();
    return lines;
  }

  it("writes sent, http-err and socket-err lines as sqsd does, with seconds to the millisecond", () => {
    const ref = { messageId: "9621f014-aaaa", receiveCount: 3, url: "http://127.0.0.1:8080/" };
    const lines = linesFor((events) => {
      events.emit("posted", { ...ref, status: 200, seconds: 0.0123 });
      events.emit("http-error", { ...ref, status: 504, seconds: 60.0041 });
      events.emit("socket-error", { ...ref, error: "ETIMEDOUT", seconds: 1798.9861 });
    });
    expect(lines).to.deep.equal([
      "message: sent to http://127.0.0.1:8080/",
      "http-err: 9621f014-aaaa (3) 504 - 60.004",
      "socket-err: 9621f014-aaaa (3) ETIMEDOUT - 1798.986",
    ]);
  });

  it("stamps each line with an ISO time and stops writing when asked", () => {
    const events = createDaemonEvents();
    const lines: string[] = [];
    const stop = writeSqsdLog(events, (line) => lines.push(line));
    events.emit("expired", { messageId: "m", receiveCount: 1 });
    stop();
    events.emit("expired", { messageId: "m", receiveCount: 2 });
    expect(lines.length).to.equal(1);
    expect(lines[0]!).to.match(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z expired-msg: m \(1\) /,
    );
  });
});
