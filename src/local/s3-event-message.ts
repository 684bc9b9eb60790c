/**
 * The body S3 sends to a queue for one object event, built the way S3 builds it (the S3 user
 * guide's "Event message structure", version 2.1): what the local loop puts on the worker queue
 * when its embedded S3 stores an upload, and the `s3:TestEvent` sent when notifications start.
 */
import { encodeKey } from "../s3-events/s3-event.js";

export interface ObjectCreated {
  /** `Put`, `Copy` or `CompleteMultipartUpload`. */
  how: "Put" | "Copy" | "CompleteMultipartUpload";
  bucket: string;
  /** Decoded; written URL-encoded, as S3 does. */
  key: string;
  size: number;
  eTag: string;
  sequencer: string;
  time: Date;
}

/** The notification configuration's id, as it would appear in `configurationId`. */
export const LOCAL_CONFIGURATION_ID = "local-uploads";

export function objectCreatedMessage(event: ObjectCreated): string {
  return JSON.stringify({
    Records: [
      {
        eventVersion: "2.1",
        eventSource: "aws:s3",
        awsRegion: "us-east-1",
        eventTime: event.time.toISOString(),
        eventName: `ObjectCreated:${event.how}`,
        userIdentity: { principalId: "local" },
        requestParameters: { sourceIPAddress: "127.0.0.1" },
        responseElements: { "x-amz-request-id": "local", "x-amz-id-2": "local" },
        s3: {
          s3SchemaVersion: "1.0",
          configurationId: LOCAL_CONFIGURATION_ID,
          bucket: {
            name: event.bucket,
            ownerIdentity: { principalId: "local" },
            arn: `arn:aws:s3:::${event.bucket}`,
          },
          object: {
            key: encodeKey(event.key),
            size: event.size,
            eTag: event.eTag.replace(/^"|"$/g, ""),
            sequencer: event.sequencer,
          },
        },
      },
    ],
  });
}

export function testEventMessage(bucket: string, time: Date): string {
  return JSON.stringify({
    Service: "Amazon S3",
    Event: "s3:TestEvent",
    Time: time.toISOString(),
    Bucket: bucket,
    RequestId: "local",
    HostId: "local",
  });
}
