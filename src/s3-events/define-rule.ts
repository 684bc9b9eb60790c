/** How an S3 event rule is declared (src/s3-events/rules.ts), and how a rule matches an event. */
import type { JobPayloads } from "../jobs/index.js";
import { RegistryError } from "../modules/registry.js";
import type { S3ObjectEvent } from "./s3-event.js";

/** In a rule's `bucket`: the bucket named by WORKER_BUCKET (`$` cannot start a bucket name). */
export const WORKER_BUCKET = "$WORKER_BUCKET";

export type S3EventRule = {
  [Type in keyof JobPayloads]: {
    /** Names the rule in logs and problems. */
    name: string;
    /** A bucket name, or WORKER_BUCKET. */
    bucket: string;
    /** Event names as S3 writes them (`ObjectCreated:Put`), or a family with `*` (`ObjectCreated:*`). */
    events: readonly string[];
    /** The key (decoded) starts with this. @default "" */
    prefix?: string;
    /** The key ends with one of these (case-sensitive, as S3's own filter). @default any */
    suffixes?: readonly string[];
    job: Type;
    payload(event: S3ObjectEvent): JobPayloads[Type];
  };
}[keyof JobPayloads];

/** Declares a rule; the identity function exists so TypeScript checks the payload against the job. */
export function defineS3EventRule<Rule extends S3EventRule>(rule: Rule): Rule {
  return rule;
}

/** A rule with WORKER_BUCKET replaced by its value (or undefined, matching nothing, when unset). */
export type ResolvedS3EventRule = Omit<S3EventRule, "bucket"> & { bucket: string | undefined };

/** Checked at start-up: every rule names a registered job type. */
export function resolveS3EventRules(
  rules: readonly S3EventRule[],
  workerBucket: string | undefined,
  jobTypes: ReadonlySet<string>,
): ResolvedS3EventRule[] {
  const problems = rules
    .filter((rule) => !jobTypes.has(rule.job))
    .map(
      (rule) =>
        `The S3 event rule "${rule.name}" names the job type "${rule.job}", which is not registered`,
    );
  if (problems.length > 0) throw new RegistryError(problems);
  return rules.map((rule) => ({
    ...rule,
    bucket: rule.bucket === WORKER_BUCKET ? workerBucket : rule.bucket,
  }));
}

export function ruleMatches(rule: ResolvedS3EventRule, event: S3ObjectEvent): boolean {
  return (
    rule.bucket === event.bucket &&
    rule.events.some((name) => eventNameMatches(name, event.eventName)) &&
    event.key.startsWith(rule.prefix ?? "") &&
    (rule.suffixes === undefined || rule.suffixes.some((suffix) => event.key.endsWith(suffix)))
  );
}

/** `ObjectCreated:*` matches every `ObjectCreated:…`; an `s3:` prefix on either side is ignored. */
function eventNameMatches(pattern: string, eventName: string): boolean {
  const wanted = pattern.replace(/^s3:/, "");
  const got = eventName.replace(/^s3:/, "");
  return wanted.endsWith(":*") ? got.startsWith(wanted.slice(0, -1)) : wanted === got;
}
