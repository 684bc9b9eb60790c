import { ListQueuesCommand } from "@aws-sdk/client-sqs";
import { expect } from "chai";
import { createSqsClient, isLoopbackEndpoint } from "../src/sqs-client.js";
import { startLocalSqs } from "./support/fauxqs.js";

describe("createSqsClient (every SQS client of the project)", () => {
  it("treats localhost, *.localhost, 127.x.x.x and ::1 as an emulator on this machine", () => {
    for (const endpoint of [
      "http://localhost:4566",
      "http://sqs.localhost:9324",
      "http://127.0.0.1:4566",
      "http://127.1.2.3",
      "http://[::1]:4566",
    ]) {
      expect(isLoopbackEndpoint(endpoint), endpoint).to.equal(true);
    }
    for (const endpoint of [
      "https://sqs.us-east-1.amazonaws.com",
      "http://localstack:4566",
      "http://10.0.0.7:4566",
      "http://127.0.0.1.example.com",
      "not a url",
    ]) {
      expect(isLoopbackEndpoint(endpoint), endpoint).to.equal(false);
    }
  });

  it("gives a client for a local endpoint dummy credentials, so it needs no AWS credentials", async () => {
    const sqs = await startLocalSqs();
    const client = createSqsClient({ awsRegion: "eu-west-1", sqsEndpoint: sqs.endpoint });
    try {
      const credentials = await client.config.credentials();
      expect(credentials.accessKeyId).to.equal("local");
      expect(await client.config.region()).to.equal("eu-west-1");
      sqs.createQueue("reachable");
      const { QueueUrls = [] } = await client.send(new ListQueuesCommand({}));
      expect(QueueUrls.some((url) => url.endsWith("/reachable"))).to.equal(true);
    } finally {
      client.destroy();
      await sqs.stop();
    }
  });
});
