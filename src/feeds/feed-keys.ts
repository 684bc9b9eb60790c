/**
 * Where a feed's files live in WORKER_BUCKET: `feeds/<host>-<hash of the feed URL>/` holds its
 * `cursor.json` and one `items/<hash of the item id>.json` per item. Hashes keep keys short and
 * free of the slashes and query strings that URLs and ids carry; the host keeps them readable.
 */
import { createHash } from "node:crypto";

export const FEEDS_PREFIX = "feeds/";

function hash(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

export function feedFolder(feedUrl: string): string {
  return `${FEEDS_PREFIX}${new URL(feedUrl).hostname}-${hash(feedUrl, 16)}/`;
}

export function cursorKey(feedUrl: string): string {
  return `${feedFolder(feedUrl)}cursor.json`;
}

export function itemKey(feedUrl: string, itemId: string): string {
  return `${feedFolder(feedUrl)}items/${hash(itemId, 32)}.json`;
}
