/** The feed's files in S3: its cursor (read, written) and its items (each written once). */
import {
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { isMissing, s3Failure } from "../storage/s3-errors.js";
import { cursorKey, itemKey } from "./feed-keys.js";
import type { FeedItem } from "./feed-items.js";
import type { Validators } from "./conditional-get.js";

/** What is remembered about a feed between fetches. */
export interface FeedCursor extends Validators {
  url: string;
  fetchedAt: string;
  /** Items in the last fetched version of the feed. */
  items: number;
}

export class FeedFiles {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly feedUrl: string,
    private readonly signal: AbortSignal,
  ) {}

  async readCursor(): Promise<FeedCursor | undefined> {
    const Key = cursorKey(this.feedUrl);
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key }), {
        abortSignal: this.signal,
      });
      return JSON.parse((await object.Body?.transformToString()) ?? "{}") as FeedCursor;
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw s3Failure(error, `GetObject s3://${this.bucket}/${Key}`);
    }
  }

  async writeCursor(cursor: FeedCursor): Promise<void> {
    await this.put(cursorKey(this.feedUrl), cursor);
  }

  /** Writes the item unless it is already stored; true when it was written now. */
  async storeItem(item: FeedItem): Promise<boolean> {
    const Key = itemKey(this.feedUrl, item.id);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key }), {
        abortSignal: this.signal,
      });
      return false;
    } catch (error) {
      if (!isMissing(error)) throw s3Failure(error, `HeadObject s3://${this.bucket}/${Key}`);
    }
    await this.put(Key, { feed: this.feedUrl, ...item });
    return true;
  }

  private async put(Key: string, value: unknown): Promise<void> {
    await this.s3
      .send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key,
          Body: `${JSON.stringify(value, null, 2)}\n`,
          ContentType: "application/json",
        }),
        { abortSignal: this.signal },
      )
      .catch((error: unknown) => {
        throw s3Failure(error, `PutObject s3://${this.bucket}/${Key}`);
      });
  }
}
