/**
 * The allow-list (cloudformation-schema.ts) for the storage and permission resources: the
 * idempotency table, the worker bucket with its notification, the queue policy letting S3 send,
 * and the IAM policies on the instance role. Keys from the CloudFormation template reference
 * (AWS::DynamoDB::Table, AWS::S3::Bucket, AWS::SQS::QueuePolicy, AWS::IAM::Policy and their
 * property types), limited to what a worker environment plausibly sets.
 */
import type { PropertyShape } from "./cloudformation-schema.js";

/** An IAM policy document: the language is JSON, but a misspelt key is as fatal as elsewhere. */
export const POLICY_DOCUMENT: PropertyShape = {
  keys: ["Version", "Id", "Statement"],
  nested: {
    Statement: {
      keys: [
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
      ],
    },
  },
};

const S3_KEY_FILTER: PropertyShape = {
  keys: ["S3Key"],
  nested: { S3Key: { keys: ["Rules"], nested: { Rules: { keys: ["Name", "Value"] } } } },
};

export const STORAGE_RESOURCE_TYPES: Readonly<Record<string, PropertyShape>> = {
  "AWS::DynamoDB::Table": {
    keys: [
      "AttributeDefinitions",
      "BillingMode",
      "ContributorInsightsSpecification",
      "DeletionProtectionEnabled",
      "GlobalSecondaryIndexes",
      "KeySchema",
      "KinesisStreamSpecification",
      "LocalSecondaryIndexes",
      "OnDemandThroughput",
      "PointInTimeRecoverySpecification",
      "ProvisionedThroughput",
      "SSESpecification",
      "StreamSpecification",
      "TableClass",
      "TableName",
      "Tags",
      "TimeToLiveSpecification",
    ],
    nested: {
      AttributeDefinitions: { keys: ["AttributeName", "AttributeType"] },
      KeySchema: { keys: ["AttributeName", "KeyType"] },
      TimeToLiveSpecification: { keys: ["AttributeName", "Enabled"] },
      PointInTimeRecoverySpecification: {
        keys: ["PointInTimeRecoveryEnabled", "RecoveryPeriodInDays"],
      },
      SSESpecification: { keys: ["KMSMasterKeyId", "SSEEnabled", "SSEType"] },
    },
  },
  "AWS::IAM::Policy": {
    keys: ["Groups", "PolicyDocument", "PolicyName", "Roles", "Users"],
    nested: { PolicyDocument: POLICY_DOCUMENT },
  },
  "AWS::SQS::QueuePolicy": {
    keys: ["PolicyDocument", "Queues"],
    nested: { PolicyDocument: POLICY_DOCUMENT },
  },
  "AWS::S3::Bucket": {
    keys: [
      "AccelerateConfiguration",
      "BucketEncryption",
      "BucketName",
      "CorsConfiguration",
      "LifecycleConfiguration",
      "LoggingConfiguration",
      "NotificationConfiguration",
      "ObjectLockConfiguration",
      "ObjectLockEnabled",
      "OwnershipControls",
      "PublicAccessBlockConfiguration",
      "Tags",
      "VersioningConfiguration",
    ],
    nested: {
      NotificationConfiguration: {
        keys: [
          "EventBridgeConfiguration",
          "LambdaConfigurations",
          "QueueConfigurations",
          "TopicConfigurations",
        ],
        nested: {
          QueueConfigurations: {
            keys: ["Event", "Filter", "Queue"],
            nested: { Filter: S3_KEY_FILTER },
          },
        },
      },
      PublicAccessBlockConfiguration: {
        keys: ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"],
      },
    },
  },
};

/** Values CloudFormation (or the service behind it) accepts for the enumerated properties above. */
export const STORAGE_ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  BillingMode: ["PAY_PER_REQUEST", "PROVISIONED"],
  AttributeType: ["S", "N", "B"],
  KeyType: ["HASH", "RANGE"],
  Effect: ["Allow", "Deny"],
  // The S3 event types a queue configuration may name (S3 User Guide, "Event notification types").
  Event: [
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectTagging:*",
    "s3:TestEvent",
  ],
};
