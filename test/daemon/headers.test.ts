import { expect } from "chai";
import { startHarness, type Harness } from "./harness.js";
import { answerStatus, deletedCount, type RecordedRequest } from "./support.js";

/**
 * The request real sqsd 3.0.4 sent on AL2023 (docs/protocol.md §1.3), as captured behind nginx.
 * nginx adds Connection, X-Real-IP and X-Forwarded-For; the daemon POSTs to the app directly.
 */
const SQSD_3_0_4_CAPTURE = `POST / HTTP/1.1
Host: localhost
Connection: upgrade
X-Real-IP: 127.0.0.1
X-Forwarded-For: 127.0.0.1
Content-Length: 153
Content-Type: application/json
User-Agent: aws-sqsd/3.0.4
X-Aws-Sqsd-Msgid: 4c3f0f50-4c28-433e-81f8-c9c79bf22f0b
X-Aws-Sqsd-Receive-Count: 16
X-Aws-Sqsd-First-Received-At: 2023-08-15T13:57:53Z
X-Aws-Sqsd-Sent-At: 2023-08-15T13:57:53Z
X-Aws-Sqsd-Queue: cns-trans-sqs-dev
X-Aws-Sqsd-Path: /
X-Aws-Sqsd-Sender-Id: AROA4IQUC33B3Q35DSTBL:i-0879d7966a857453a
Accept-Encoding: gzip, compressed`;

const ADDED_BY_NGINX = new Set(["connection", "x-real-ip", "x-forwarded-for"]);

/** The shape of a header value: digits, a UUID, an sqsd timestamp, or the literal value. */
function shapeOf(name: string, value: string): string {
  if (name === "x-aws-sqsd-queue" || name === "x-aws-sqsd-sender-id") return "any";
  if (/^\d+$/.test(value)) return "digits";
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return "uuid";
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(value)) return "sqsd-timestamp";
  return value;
}

function captureHeaders(): Map<string, string> {
  const lines = SQSD_3_0_4_CAPTURE.split("\n").slice(1);
  return new Map(
    lines.map((line) => {
      const colon = line.indexOf(":");
      return [line.slice(0, colon), line.slice(colon + 1).trim()];
    }),
  );
}

describe("daemon: the request it sends", function () {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  async function deliverOne(
    attributes?: Parameters<Harness["send"]>[1],
    behindNginx = false,
  ): Promise<RecordedRequest> {
    harness = await startHarness({
      answer: answerStatus(200),
      ...(behindNginx
        ? { daemon: { nginx: { readTimeoutSeconds: 60, maxBodyBytes: 1024 * 1024 } } }
        : {}),
    });
    const deleted = deletedCount(harness.events, 1);
    await harness.send('{"type":"noop"}', attributes);
    await deleted;
    return harness.app.requests[0]!;
  }

  it("has the same headers, named and formatted the same, as the sqsd 3.0.4 capture", async () => {
    const request = await deliverOne();
    const captured = captureHeaders();
    const expectedNames = [...captured.keys()].filter(
      (name) => !ADDED_BY_NGINX.has(name.toLowerCase()),
    );
    const sentNames = request.rawHeaderNames.filter((name) => name.toLowerCase() !== "connection");
    expect(new Set(sentNames)).to.deep.equal(new Set(expectedNames));
    for (const name of expectedNames) {
      const lower = name.toLowerCase();
      const sent = request.headers[lower];
      expect(typeof sent, `${name} was not sent`).to.equal("string");
      if (lower === "content-length") continue;
      expect(shapeOf(lower, sent as string), `${name}: sent "${String(sent)}"`).to.equal(
        shapeOf(lower, captured.get(name)!),
      );
    }
    expect(request.headers["x-aws-sqsd-queue"]).to.equal("worker-queue");
    expect(request.headers["content-length"]).to.equal(
      String(Buffer.byteLength('{"type":"noop"}')),
    );
  });

  it("behind the emulated nginx, sends the capture's headers in the capture's order, Connection: upgrade included", async () => {
    const request = await deliverOne(undefined, true);
    const captured = captureHeaders();
    expect(request.rawHeaderNames).to.deep.equal([...captured.keys()]);
    for (const name of ["Connection", "X-Real-IP", "X-Forwarded-For", "Host"]) {
      expect(request.headers[name.toLowerCase()], name).to.equal(captured.get(name));
    }
  });

  it("without nginx, sends sqsd's own headers in the capture's order", async () => {
    const request = await deliverOne();
    const expectedNames = [...captureHeaders().keys()].filter(
      (name) => !ADDED_BY_NGINX.has(name.toLowerCase()),
    );
    const sentNames = request.rawHeaderNames.filter((name) => name.toLowerCase() !== "connection");
    expect(sentNames).to.deep.equal(expectedNames);
  });

  it("forwards String and Number attributes only, never Binary or beanstalk.sqsd.*", async () => {
    const request = await deliverOne({
      title: { DataType: "String", StringValue: "hello" },
      count: { DataType: "Number.int", StringValue: "42" },
      blob: { DataType: "Binary", BinaryValue: new Uint8Array([1, 2]) },
      "beanstalk.sqsd.note": { DataType: "String", StringValue: "reserved" },
      "not-latin-1": { DataType: "String", StringValue: "漢字" },
    });
    const attributeHeaders = Object.keys(request.headers).filter((name) =>
      name.startsWith("x-aws-sqsd-attr-"),
    );
    expect(attributeHeaders.sort()).to.deep.equal([
      "x-aws-sqsd-attr-count",
      "x-aws-sqsd-attr-title",
    ]);
    expect(request.headers["x-aws-sqsd-attr-title"]).to.equal("hello");
    expect(request.headers["x-aws-sqsd-attr-count"]).to.equal("42");
  });
});
