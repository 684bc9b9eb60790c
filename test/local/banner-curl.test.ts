import { expect } from "chai";
import { resolveSqsdOptions } from "../../src/eb/sqsd-options.js";
import { localBanner } from "../../src/local/banner.js";
import { parseSqsdHeaders } from "../../src/protocol/headers.js";

describe("npm run local's banner", () => {
  const banner = localBanner({
    appUrl: "http://127.0.0.1:8080",
    app: { pid: 1234 },
    options: resolveSqsdOptions({ httpPath: "/" }),
    queues: {
      endpoint: "http://127.0.0.1:4566",
      queueUrl: "http://127.0.0.1:4566/000000000000/sqs-worker-queue",
      deadLetterQueueUrl: "http://127.0.0.1:4566/000000000000/sqs-worker-dead-letter-queue",
      sqs: undefined as never,
      s3: undefined as never,
      bucket: "sqs-worker-local",
      observe: () => {},
      stop: () => Promise.resolve(),
    },
  });

  it("prints a curl whose headers are the sqsd headers the app accepts", () => {
    const curl = banner.split("\n").find((line) => line.trimStart().startsWith("curl "));
    expect(curl).to.be.a("string");
    const headers = Object.fromEntries(
      [...(curl ?? "").matchAll(/-H '([^:']+): ([^']*)'/g)].map(([, name, value]) => [
        (name ?? "").toLowerCase(),
        value ?? "",
      ]),
    );
    const parsed = parseSqsdHeaders(headers);
    expect(parsed.ok, JSON.stringify(parsed)).to.equal(true);
    if (!parsed.ok) return;
    expect(parsed.delivery.messageId).to.equal("try-1");
    expect(parsed.delivery.receiveCount).to.equal(1);
    expect(parsed.delivery.queue).to.equal("sqs-worker-queue");
    expect(parsed.delivery.path).to.equal("/");
  });
});
