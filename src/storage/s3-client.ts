/**
 * The S3 client every module shares, declared like any module client (src/modules/clients.ts) so
 * tests replace it by name. Locally and in the tests fauxqs serves S3 on the same endpoint as SQS.
 */
import { S3Client } from "@aws-sdk/client-s3";
import { defineClient } from "../modules/clients.js";
import { DUMMY_CREDENTIALS, isLoopbackEndpoint } from "../sqs-client.js";

export const s3Client = defineClient("s3", ({ config }) => {
  const endpoint = config.s3Endpoint;
  return new S3Client({
    region: config.awsRegion,
    ...(endpoint === undefined
      ? {}
      : {
          endpoint,
          // Emulators serve every bucket under one host: path-style URLs, not bucket.host.
          forcePathStyle: true,
        }),
    ...(endpoint !== undefined && isLoopbackEndpoint(endpoint)
      ? { credentials: DUMMY_CREDENTIALS }
      : {}),
  });
});
