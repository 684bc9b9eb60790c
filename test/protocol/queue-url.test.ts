import { ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import { createSqsDeadLetterQueue } from "../../src/delivery/dead-letter.js";
import { queueKind } from "../../src/producer/options.js";
import { isFifoQueueUrl, queueNameOf } from "../../src/protocol/queue-url.js";
import { startLocalSqs } from "../support/fauxqs.js";

const FIFO_URLS = [
  "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo",
  "https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo/",
  "http://127.0.0.1:4566/000000000000/jobs.fifo",
];
const STANDARD_URLS = [
  "https://sqs.us-east-1.amazonaws.com/123456789012/jobs",
  "https://sqs.us-east-1.amazonaws.com/123456789012/jobs/",
  "https://sqs.us-east-1.amazonaws.com/123456789012/fifo",
];

describe("what a queue URL says about its queue", () => {
  it("names the queue by the URL's last path segment, as sqsd's X-Aws-Sqsd-Queue does", () => {
    expect(queueNameOf("https://sqs.us-east-1.amazonaws.com/123456789012/jobs")).to.equal("jobs");
    expect(queueNameOf("https://sqs.us-east-1.amazonaws.com/123456789012/jobs.fifo/")).to.equal(
      "jobs.fifo",
    );
    expect(queueNameOf("http://127.0.0.1:4566/queue/us-east-1/000000000000/q?x=1")).to.equal("q");
  });

  it("recognises a FIFO queue by its name's .fifo suffix, trailing slash or not", () => {
    for (const url of FIFO_URLS) expect(isFifoQueueUrl(url), url).to.equal(true);
    for (const url of STANDARD_URLS) expect(isFifoQueueUrl(url), url).to.equal(false);
  });

  it("gives the producer the same name and kind", () => {
    for (const url of [...FIFO_URLS, ...STANDARD_URLS]) {
      expect(queueKind(url), url).to.deep.equal({
        name: queueNameOf(url),
        fifo: isFifoQueueUrl(url),
      });
    }
  });

  it("parks into a FIFO dead-letter queue named with a trailing slash, with a message group", async () => {
    const sqs = await startLocalSqs();
    try {
      const dlqUrl = sqs.createQueue("parked.fifo", { FifoQueue: "true" });
      // fauxqs knows the URL without the slash; the decision is made on the URL as configured.
      sqs.client.middlewareStack.add(
        (next) => (args) => {
          const input = args.input as { QueueUrl?: string };
          if (input.QueueUrl === `${dlqUrl}/`) input.QueueUrl = dlqUrl;
          return next(args);
        },
        { step: "initialize", name: "withoutTrailingSlash" },
      );
      await createSqsDeadLetterQueue(sqs.client, `${dlqUrl}/`).park({
        body: "{}",
        reason: "invalid-payload",
        detail: "x",
        jobType: "noop",
        delivery: {
          messageId: "m-1",
          receiveCount: 1,
          firstReceivedAt: new Date(0),
          sentAt: undefined,
          queue: "jobs.fifo",
          senderId: undefined,
          path: "/",
          attributes: {},
          task: undefined,
        },
      });
      const { Messages = [] } = await sqs.client.send(
        new ReceiveMessageCommand({
          QueueUrl: dlqUrl,
          MessageSystemAttributeNames: ["MessageGroupId"],
        }),
      );
      expect(Messages.map((message) => message.Attributes?.MessageGroupId)).to.deep.equal([
        "dead-letter",
      ]);
    } finally {
      await sqs.stop();
    }
  });
});
