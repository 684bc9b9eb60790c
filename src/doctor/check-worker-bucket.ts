/**
 * The worker bucket (issue 11): image uploads must reach the worker queue, which needs the
 * notification, a queue policy letting S3 send (limited to this bucket and account), and an
 * order CloudFormation can follow (the bucket DependsOn the policy, the policy does not Ref the
 * bucket); and the instance role may touch only the prefixes the jobs use.
 */
import { asList, asRecord, recordAt, refersTo } from "../eb/cloudformation.js";
import {
  BUCKET_ACTIONS,
  BUCKET_PREFIX_ACTIONS,
  UPLOAD_NOTIFICATION,
} from "../eb/worker-bucket-layout.js";
import { EBEXTENSIONS_DIR, whereIn, type Deployment } from "./deployment.js";
import {
  actionsOf,
  checkInstanceRoles,
  policiesOn,
  refTarget,
  resourceNamed,
  resourcesOfType,
  statementsOf,
  type NamedResource,
} from "./resources.js";

const BUCKET_VARIABLE = "WORKER_BUCKET";
const WORKER_QUEUE = "AWSEBWorkerQueue";

export function checkWorkerBucket(deployment: Deployment): string[] {
  const { root, ebextensions } = deployment;
  const variable = ebextensions.environment[BUCKET_VARIABLE];
  const target = variable === undefined ? undefined : refTarget(variable.value);
  // Unset, or a bucket managed outside these files: nothing here to compare.
  if (variable === undefined || target === undefined) return [];
  const bucket = resourceNamed(ebextensions, target);
  if (bucket?.type !== "AWS::S3::Bucket") {
    return [
      `${whereIn(root, variable)}: expected ${BUCKET_VARIABLE} to refer to an AWS::S3::Bucket resource in ${EBEXTENSIONS_DIR}, got a Ref to ${target} (${bucket ? bucket.type : "no such resource"}).`,
    ];
  }
  return [
    ...checkNotifications(root, bucket),
    ...checkQueuePolicy(deployment, bucket),
    ...checkRolePolicies(deployment, bucket),
  ];
}

function checkNotifications(root: string, bucket: NamedResource): string[] {
  const configurations = asList(
    recordAt(bucket.properties, "NotificationConfiguration")?.QueueConfigurations,
  ).map((configuration) => asRecord(configuration) ?? {});
  const rulesOf = (configuration: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      asList(recordAt(recordAt(configuration, "Filter"), "S3Key")?.Rules).map((rule) => [
        String(asRecord(rule)?.Name).toLowerCase(),
        asRecord(rule)?.Value,
      ]),
    );
  const { prefix, suffixes } = UPLOAD_NOTIFICATION;
  const missing = suffixes.filter(
    (suffix) =>
      !configurations.some((configuration) => {
        const rules = rulesOf(configuration);
        return (
          String(configuration.Event).startsWith("s3:ObjectCreated:") &&
          refersTo(configuration.Queue, WORKER_QUEUE, "Arn") &&
          rules.prefix === prefix &&
          rules.suffix === suffix
        );
      }),
  );
  if (missing.length === 0) return [];
  return [
    `${whereIn(root, bucket.located)}: expected ${bucket.name} to notify ${WORKER_QUEUE} of s3:ObjectCreated:* under "${prefix}" for each suffix ${suffixes.join(", ")}, got none for ${missing.join(", ")}. Those uploads would never be watermarked.`,
  ];
}

function checkQueuePolicy(deployment: Deployment, bucket: NamedResource): string[] {
  const { root, ebextensions } = deployment;
  const where = whereIn(root, bucket.located);
  const found = resourcesOfType(ebextensions, "AWS::SQS::QueuePolicy").flatMap((policy) =>
    refersTo(policy.properties.Queues, WORKER_QUEUE)
      ? statementsOf(policy)
          .filter(
            (statement) =>
              statement.Effect === "Allow" &&
              recordAt(statement, "Principal")?.Service === "s3.amazonaws.com" &&
              actionsOf(statement).includes("sqs:SendMessage"),
          )
          .map((statement) => ({ policy, statement }))
      : [],
  );
  const first = found[0];
  if (first === undefined) {
    return [
      `${where}: expected an AWS::SQS::QueuePolicy allowing s3.amazonaws.com sqs:SendMessage on ${WORKER_QUEUE}, got none. S3 would refuse the notification ("Unable to validate the following destination configurations") and the deployment would fail.`,
    ];
  }
  const { policy, statement } = first;
  const problems: string[] = [];
  const policyWhere = whereIn(root, policy.located);
  const condition = asRecord(statement.Condition) ?? {};
  const sourceArn =
    recordAt(condition, "ArnEquals")?.["aws:SourceArn"] ??
    recordAt(condition, "ArnLike")?.["aws:SourceArn"];
  const sourceAccount = recordAt(condition, "StringEquals")?.["aws:SourceAccount"];
  if (sourceArn === undefined || sourceAccount === undefined) {
    problems.push(
      `${policyWhere}: expected ${policy.name} to let S3 send only for ${bucket.name} (ArnEquals aws:SourceArn) and this account (StringEquals aws:SourceAccount), got ${JSON.stringify(condition)}. Any bucket of any account could put messages on the worker queue.`,
    );
  }
  if (refersTo(sourceArn, bucket.name)) {
    problems.push(
      `${policyWhere}: expected ${policy.name} to name ${bucket.name} without a Ref or Fn::GetAtt to it, got one in aws:SourceArn. The bucket must wait for the policy (DependsOn), so the policy waiting for the bucket is a circular dependency.`,
    );
  } else if (sourceArn !== undefined) {
    const expected = arnOfBucketName(bucket.properties.BucketName);
    if (expected === undefined || JSON.stringify(sourceArn) !== JSON.stringify(expected)) {
      problems.push(
        `${policyWhere}: expected aws:SourceArn to be ${bucket.name}'s ARN built from its BucketName, ${expected ? JSON.stringify(expected) : "which is not set (set one, so the ARN is known before the bucket exists)"}, got ${JSON.stringify(sourceArn)}. S3 would be refused and the deployment would fail.`,
      );
    }
  }
  if (!asList(bucket.located.value.DependsOn).includes(policy.name)) {
    problems.push(
      `${where}: expected ${bucket.name} to have DependsOn: ${policy.name}, got ${JSON.stringify(bucket.located.value.DependsOn ?? "none")}. CloudFormation could create the bucket first, and S3 would refuse the notification to a queue it may not send to yet.`,
    );
  }
  return problems;
}

/** `arn:aws:s3:::<name>` for a literal name or an `Fn::Join` with "" of its parts. */
function arnOfBucketName(name: unknown): unknown {
  if (typeof name === "string") return `arn:aws:s3:::${name}`;
  const join = asRecord(name)?.["Fn::Join"];
  if (!Array.isArray(join) || join[0] !== "" || !Array.isArray(join[1])) return undefined;
  return { "Fn::Join": ["", ["arn:aws:s3:::", ...(join[1] as unknown[])]] };
}

function checkRolePolicies(deployment: Deployment, bucket: NamedResource): string[] {
  const { root, ebextensions } = deployment;
  const problems: string[] = [];
  const granted = new Set<string>();
  for (const { policy, statements } of policiesOn(ebextensions, bucket.name)) {
    problems.push(...checkInstanceRoles(root, policy));
    const extra = new Set<string>();
    for (const statement of statements) {
      for (const resource of asList(statement.Resource)) {
        const prefix = objectPrefix(resource, bucket.name);
        const allowed = prefix === "bucket" ? BUCKET_ACTIONS : BUCKET_PREFIX_ACTIONS[prefix ?? ""];
        const scope = describeScope(prefix, resource);
        for (const action of actionsOf(statement)) {
          if (allowed?.includes(action) !== true) extra.add(`${action} on ${scope}`);
          else if (statement.Effect === "Allow") granted.add(`${action} on ${scope}`);
        }
      }
    }
    if (extra.size > 0) {
      problems.push(
        `${whereIn(root, policy.located)}: expected ${policy.name} to grant only what the jobs need on ${bucket.name} (${describeLayout()}), got also ${[...extra].join(", ")}.`,
      );
    }
  }
  const missing = Object.entries(BUCKET_PREFIX_ACTIONS).flatMap(([prefix, actions]) =>
    actions.map((action) => `${action} on "${prefix}"`).filter((grant) => !granted.has(grant)),
  );
  if (missing.length > 0) {
    problems.push(
      `${whereIn(root, bucket.located)}: expected an AWS::IAM::Policy allowing the instance role ${describeLayout()}, got none for ${missing.join(", ")}. Those jobs' S3 calls would be denied.`,
    );
  }
  return problems;
}

/** "bucket" for the bucket's ARN; the prefix for `<arn>/<prefix>*`; undefined for anything else. */
function objectPrefix(resource: unknown, bucket: string): string | undefined {
  const getAtt = asRecord(resource)?.["Fn::GetAtt"];
  if (Array.isArray(getAtt))
    return getAtt[0] === bucket && getAtt[1] === "Arn" ? "bucket" : undefined;
  const join = asRecord(resource)?.["Fn::Join"];
  if (!Array.isArray(join) || join[0] !== "" || !Array.isArray(join[1])) return undefined;
  const [arn, path, ...rest] = join[1] as unknown[];
  if (rest.length > 0 || !refersTo(arn, bucket, "Arn") || typeof path !== "string")
    return undefined;
  const match = /^\/(.*)\*$/.exec(path);
  return match ? match[1] : undefined;
}

function describeScope(prefix: string | undefined, resource: unknown): string {
  if (prefix === "bucket") return "the bucket";
  if (prefix === "") return "every object";
  return prefix === undefined ? JSON.stringify(resource) : `"${prefix}"`;
}

function describeLayout(): string {
  return Object.entries(BUCKET_PREFIX_ACTIONS)
    .map(([prefix, actions]) => `${actions.join("+")} on "${prefix}"`)
    .concat(BUCKET_ACTIONS.map((action) => `${action} on the bucket`))
    .join(", ");
}
