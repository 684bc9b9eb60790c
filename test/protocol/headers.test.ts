import { expect } from "chai";
import { formatSqsdHeaders, parseSqsdHeaders, SQSD_HEADER } from "../../src/protocol/headers.js";
import { formatScheduledTime, parseScheduledTime } from "../../src/protocol/timestamps.js";

/** Headers of a real sqsd 3.0.4 request on Amazon Linux 2023 (docs/protocol.md §1.3), lowercased as Node delivers them. */
const CAPTURED_304 = {
  host: "localhost",
  connection: "upgrade",
  "x-real-ip": "127.0.0.1",
  "x-forwarded-for": "127.0.0.1",
  "content-length": "153",
  "content-type": "application/json",
  "user-agent": "aws-sqsd/3.0.4",
  "x-aws-sqsd-msgid": "4c3f0f50-4c28-433e-81f8-c9c79bf22f0b",
  "x-aws-sqsd-receive-count": "16",
  "x-aws-sqsd-first-received-at": "2023-08-15T13:57:53Z",
  "x-aws-sqsd-sent-at": "2023-08-15T13:57:53Z",
  "x-aws-sqsd-queue": "cns-trans-sqs-dev",
  "x-aws-sqsd-path": "/",
  "x-aws-sqsd-sender-id": "AROA4IQUC33B3Q35DSTBL:i-0879d7966a857453a",
  "accept-encoding": "gzip, compressed",
};

/** A real sqsd 2.4 periodic-task request (docs/protocol.md §1.3). */
const CAPTURED_24_PERIODIC = {
  "content-type": "application/json",
  "user-agent": "aws-sqsd/2.4",
  "x-aws-sqsd-msgid": "6998edf8-3f19-4c69-92cf-7c919241b957",
  "x-aws-sqsd-receive-count": "4",
  "x-aws-sqsd-first-received-at": "2019-11-14T00:47:00Z",
  "x-aws-sqsd-sent-at": "2019-11-14T00:47:00Z",
  "x-aws-sqsd-queue": "awseb-e-n23e8zdd3w-stack-AWSEBWorkerQueue-1QZHOZ650P0J0",
  "x-aws-sqsd-path": "/testjob",
  "x-aws-sqsd-sender-id": "AROA2XEFXCLXVWYXRGF4D:i-07f157f85fb97a241",
  "x-aws-sqsd-scheduled-at": "2019-11-14T00:47:00Z",
  "x-aws-sqsd-taskname": "testjob",
  connection: "close",
  host: "localhost",
  "content-length": "0",
};

describe("sqsd headers", () => {
  describe("parsing a captured sqsd 3.0.4 request", () => {
    it("reads every field with its type", () => {
      const parsed = parseSqsdHeaders(CAPTURED_304);
      expect(parsed).to.deep.equal({
        ok: true,
        delivery: {
          messageId: "4c3f0f50-4c28-433e-81f8-c9c79bf22f0b",
          receiveCount: 16,
          firstReceivedAt: new Date("2023-08-15T13:57:53Z"),
          sentAt: new Date("2023-08-15T13:57:53Z"),
          queue: "cns-trans-sqs-dev",
          senderId: "AROA4IQUC33B3Q35DSTBL:i-0879d7966a857453a",
          path: "/",
          attributes: {},
          task: undefined,
        },
      });
    });
  });

  describe("parsing a captured sqsd 2.4 periodic task", () => {
    it("reads the task name and the scheduled minute", () => {
      const parsed = parseSqsdHeaders(CAPTURED_24_PERIODIC);
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      expect(parsed.delivery.task).to.deep.equal({
        name: "testjob",
        scheduledAt: new Date("2019-11-14T00:47:00Z"),
      });
      expect(parsed.delivery.path).to.equal("/testjob");
      expect(parsed.delivery.receiveCount).to.equal(4);
    });
  });

  describe("attributes", () => {
    it("collects X-Aws-Sqsd-Attr-* headers by their lowercased name", () => {
      const parsed = parseSqsdHeaders({
        ...CAPTURED_304,
        "x-aws-sqsd-attr-title": "Welcome",
        "x-aws-sqsd-attr-vendoruserid": "42",
      });
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      expect(parsed.delivery.attributes).to.deep.equal({ title: "Welcome", vendoruserid: "42" });
    });
  });

  describe("with missing or malformed headers", () => {
    it("names every missing required header", () => {
      expect(parseSqsdHeaders({ "user-agent": "aws-sqsd/3.0.4" })).to.deep.equal({
        ok: false,
        problems: [
          "X-Aws-Sqsd-Msgid is required",
          "X-Aws-Sqsd-Receive-Count is required",
          "X-Aws-Sqsd-First-Received-At is required",
          "X-Aws-Sqsd-Queue is required",
        ],
      });
    });

    it("rejects a receive count that is not a positive whole number", () => {
      const parsed = parseSqsdHeaders({ ...CAPTURED_304, "x-aws-sqsd-receive-count": "0x10" });
      expect(parsed).to.deep.equal({
        ok: false,
        problems: ['X-Aws-Sqsd-Receive-Count must be a whole number of at least 1, got "0x10"'],
      });
    });

    it("rejects a timestamp that is not ISO 8601 UTC", () => {
      const parsed = parseSqsdHeaders({
        ...CAPTURED_304,
        "x-aws-sqsd-sent-at": "2023-08-15 13:57:53",
      });
      expect(parsed).to.deep.equal({
        ok: false,
        problems: [
          'X-Aws-Sqsd-Sent-At must be an ISO 8601 UTC time like 2023-08-15T13:57:53Z, got "2023-08-15 13:57:53"',
        ],
      });
    });

    for (const impossible of [
      "2026-02-30T00:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-13-01T00:00:60Z",
    ]) {
      it(`rejects ${impossible}, which is not a real calendar time (issue 9 defect 9)`, () => {
        const parsed = parseSqsdHeaders({
          ...CAPTURED_304,
          "x-aws-sqsd-first-received-at": impossible,
        });
        expect(parsed).to.deep.equal({
          ok: false,
          problems: [
            `X-Aws-Sqsd-First-Received-At must be an ISO 8601 UTC time like 2023-08-15T13:57:53Z, got "${impossible}"`,
          ],
        });
      });
    }

    it("requires Scheduled-At together with Taskname", () => {
      const parsed = parseSqsdHeaders({ ...CAPTURED_304, "x-aws-sqsd-taskname": "nightly" });
      expect(parsed).to.deep.equal({
        ok: false,
        problems: ["X-Aws-Sqsd-Scheduled-At is required with X-Aws-Sqsd-Taskname"],
      });
    });
  });

  describe("formatting", () => {
    it("writes the names and formats of the 3.0.4 capture, and parses back to the same delivery", () => {
      const parsed = parseSqsdHeaders(CAPTURED_304);
      if (!parsed.ok) throw new Error(parsed.problems.join("; "));
      const formatted = formatSqsdHeaders(parsed.delivery);
      expect(formatted).to.deep.equal({
        "X-Aws-Sqsd-Msgid": "4c3f0f50-4c28-433e-81f8-c9c79bf22f0b",
        "X-Aws-Sqsd-Receive-Count": "16",
        "X-Aws-Sqsd-First-Received-At": "2023-08-15T13:57:53Z",
        "X-Aws-Sqsd-Sent-At": "2023-08-15T13:57:53Z",
        "X-Aws-Sqsd-Queue": "cns-trans-sqs-dev",
        "X-Aws-Sqsd-Path": "/",
        "X-Aws-Sqsd-Sender-Id": "AROA4IQUC33B3Q35DSTBL:i-0879d7966a857453a",
      });
      const lowercased = Object.fromEntries(
        Object.entries(formatted).map(([k, v]) => [k.toLowerCase(), v]),
      );
      expect(parseSqsdHeaders(lowercased)).to.deep.equal(parsed);
    });

    it("drops milliseconds, as sqsd writes whole seconds", () => {
      const formatted = formatSqsdHeaders({
        messageId: "m",
        receiveCount: 1,
        firstReceivedAt: new Date("2024-01-02T03:04:05.678Z"),
        sentAt: undefined,
        queue: "q",
        senderId: undefined,
        path: undefined,
        attributes: { origin: "web" },
        task: { name: "nightly", scheduledAt: new Date("2024-01-02T03:04:00Z") },
      });
      expect(formatted[SQSD_HEADER.firstReceivedAt]).to.equal("2024-01-02T03:04:05Z");
      expect(formatted[SQSD_HEADER.scheduledAt]).to.equal("2024-01-02T03:04:00Z");
      expect(formatted["X-Aws-Sqsd-Attr-origin"]).to.equal("web");
    });
  });

  describe("the leader's scheduled_time attribute", () => {
    it("round-trips the 'YYYY-MM-DD HH:MM:SS UTC' form", () => {
      const date = new Date("2017-03-22T23:10:00Z");
      expect(formatScheduledTime(date)).to.equal("2017-03-22 23:10:00 UTC");
      expect(parseScheduledTime("2017-03-22 23:10:00 UTC")).to.deep.equal(date);
      expect(parseScheduledTime("2017-03-22T23:10:00Z")).to.equal(undefined);
    });
  });
});
