/**
 * The idempotency store and the files that deploy it must agree (issue 10): with more than one
 * instance the store must be the shared DynamoDB one; its table, when .ebextensions creates it,
 * must have the layout the store reads (partition key `id` String, TTL on `expiresAt`, on-demand)
 * and an IAM policy granting the instance role the item actions on that table and nothing wider.
 */
import { asList, asRecord, recordAt } from "../eb/cloudformation.js";
import type { Located } from "../eb/ebextensions.js";
import { EBEXTENSIONS_DIR, whereIn, type Deployment } from "./deployment.js";
import {
  actionsOf,
  checkInstanceRoles,
  policiesOn,
  refTarget,
  resourceNamed,
  type NamedResource,
} from "./resources.js";

const TABLE_VARIABLE = "WORKER_IDEMPOTENCY_TABLE";
const STORE_VARIABLE = "WORKER_IDEMPOTENCY_STORE";

/** The table layout the DynamoDB store reads and writes (DECISIONS: fixed across the project). */
export const IDEMPOTENCY_TABLE_LAYOUT = {
  partitionKey: "id",
  partitionKeyType: "S",
  ttlAttribute: "expiresAt",
  billingMode: "PAY_PER_REQUEST",
} as const;

/** What the store calls; ConditionCheckItem is allowed for transactions, nothing else. */
const REQUIRED_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
  "dynamodb:DeleteItem",
];
const ALLOWED_ACTIONS = [...REQUIRED_ACTIONS, "dynamodb:ConditionCheckItem"];

/** AWS's default MaxSize of aws:autoscaling:asg. */
const AWS_DEFAULT_MAX_SIZE = 4;

export function checkIdempotencyStore(deployment: Deployment): string[] {
  const { root, ebextensions } = deployment;
  const table = ebextensions.environment[TABLE_VARIABLE];
  const store = ebextensions.environment[STORE_VARIABLE];
  const kind = store !== undefined ? String(store.value) : table ? "dynamodb" : "memory";
  if (kind === "memory") return checkMemoryStore(deployment, store);
  // dynamodb without a table is src/config.ts's error to report; a literal name is a table
  // managed outside these files, whose layout and permissions the doctor cannot see.
  const target = table === undefined ? undefined : refTarget(table.value);
  if (table === undefined || target === undefined) return [];
  const resource = resourceNamed(ebextensions, target);
  if (resource?.type !== "AWS::DynamoDB::Table") {
    return [
      `${whereIn(root, table)}: expected ${TABLE_VARIABLE} to refer to an AWS::DynamoDB::Table resource in ${EBEXTENSIONS_DIR}, got a Ref to ${target} (${resource ? resource.type : "no such resource"}).`,
    ];
  }
  return [...checkLayout(root, resource), ...checkPolicies(deployment, resource)];
}

function checkMemoryStore(deployment: Deployment, store: Located | undefined): string[] {
  const { root, ebextensions } = deployment;
  const single =
    ebextensions.options["aws:elasticbeanstalk:environment"]?.EnvironmentType?.value ===
    "SingleInstance";
  const maxSize = ebextensions.options["aws:autoscaling:asg"]?.MaxSize;
  const instances = single ? 1 : Number(maxSize?.value ?? AWS_DEFAULT_MAX_SIZE);
  if (!(instances > 1)) return [];
  const where = store ? whereIn(root, store) : EBEXTENSIONS_DIR;
  const got = store
    ? "the memory store"
    : `the memory store, the app default (${TABLE_VARIABLE} not set)`;
  const bound = maxSize
    ? `MaxSize ${instances}, ${whereIn(root, maxSize)}`
    : `MaxSize ${instances}, the AWS default`;
  return [
    `${where}: expected the dynamodb idempotency store (${TABLE_VARIABLE} set) while the Auto Scaling group may run several instances (${bound}), got ${got}. Each instance would remember only its own jobs, so a duplicate delivered to another instance would run again.`,
  ];
}

function checkLayout(root: string, table: NamedResource): string[] {
  const where = whereIn(root, table.located);
  const { partitionKey, partitionKeyType, ttlAttribute, billingMode } = IDEMPOTENCY_TABLE_LAYOUT;
  const problems: string[] = [];
  const keys = asList(table.properties.KeySchema).map((key) => asRecord(key) ?? {});
  const [key] = keys;
  if (keys.length !== 1 || key?.AttributeName !== partitionKey || key.KeyType !== "HASH") {
    problems.push(
      `${where}: expected ${table.name}'s KeySchema to be the partition key "${partitionKey}" alone (KeyType HASH), got ${JSON.stringify(keys)}. The store reads and writes items by "${partitionKey}" only.`,
    );
  }
  const definition = asList(table.properties.AttributeDefinitions)
    .map((attribute) => asRecord(attribute) ?? {})
    .find((attribute) => attribute.AttributeName === partitionKey);
  if (definition?.AttributeType !== partitionKeyType) {
    problems.push(
      `${where}: expected ${table.name}'s attribute "${partitionKey}" of AttributeType ${partitionKeyType} (String), got ${definition ? String(definition.AttributeType) : "no definition"}.`,
    );
  }
  const ttl = recordAt(table.properties, "TimeToLiveSpecification");
  if (ttl?.AttributeName !== ttlAttribute || ttl.Enabled !== true) {
    problems.push(
      `${where}: expected ${table.name}'s TimeToLiveSpecification enabled on "${ttlAttribute}", got ${ttl ? JSON.stringify(ttl) : "none"}. Without it completed records are never deleted and the table grows for ever.`,
    );
  }
  if (table.properties.BillingMode !== billingMode) {
    problems.push(
      `${where}: expected ${table.name}'s BillingMode ${billingMode} (on-demand), got ${JSON.stringify(table.properties.BillingMode ?? "PROVISIONED, the default")}. A backlog draining at full speed would be throttled, and every throttled check answered as retryable.`,
    );
  }
  return problems;
}

function checkPolicies(deployment: Deployment, table: NamedResource): string[] {
  const { root, ebextensions } = deployment;
  const problems: string[] = [];
  const granted = new Set<string>();
  for (const { policy, statements } of policiesOn(ebextensions, table.name)) {
    problems.push(...checkInstanceRoles(root, policy));
    for (const statement of statements) {
      const where = whereIn(root, policy.located);
      const extra = actionsOf(statement).filter((action) => !ALLOWED_ACTIONS.includes(action));
      if (extra.length > 0) {
        problems.push(
          `${where}: expected ${policy.name} to grant only the item actions ${ALLOWED_ACTIONS.join(", ")} on ${table.name}, got also ${extra.join(", ")}.`,
        );
      }
      const wide = asList(statement.Resource).filter(
        (resource) => !isTableArn(resource, table.name),
      );
      if (wide.length > 0) {
        problems.push(
          `${where}: expected ${policy.name}'s Resource to be ${table.name}'s ARN alone ({"Fn::GetAtt": ["${table.name}", "Arn"]}), got also ${JSON.stringify(wide)}.`,
        );
      }
      if (statement.Effect === "Allow")
        for (const action of actionsOf(statement)) granted.add(action);
    }
  }
  const missing = REQUIRED_ACTIONS.filter((action) => !granted.has(action));
  if (missing.length > 0) {
    problems.push(
      `${whereIn(root, table.located)}: expected an AWS::IAM::Policy allowing the instance role ${REQUIRED_ACTIONS.join(", ")} on ${table.name}, got none for ${missing.join(", ")}. The store's calls would be denied and every job answered as retryable.`,
    );
  }
  return problems;
}

function isTableArn(resource: unknown, table: string): boolean {
  const getAtt = asRecord(resource)?.["Fn::GetAtt"];
  return Array.isArray(getAtt) && getAtt[0] === table && getAtt[1] === "Arn";
}
