/**
 * The periodic-task registry. Every entry here needs a `cron.yaml` entry with the same name and
 * url `/tasks/<name>`, and every `cron.yaml` entry needs one here; start-up checks both ways.
 */
import type { TaskDefinition } from "./define-task.js";
import { dailyDigest } from "./daily-digest.js";
import { pollFeeds } from "./poll-feeds.js";

export const tasks: readonly TaskDefinition[] = [dailyDigest, pollFeeds];
