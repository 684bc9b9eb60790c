/**
 * The allow-list (cloudformation-schema.ts) for the monitoring resources besides the alarms: the
 * SNS topic the alarms email through and the dashboard (AWS::SNS::Topic, AWS::CloudWatch::Dashboard
 * in the CloudFormation template reference).
 */
import type { PropertyShape } from "./cloudformation-schema.js";

export const MONITORING_RESOURCE_TYPES: Readonly<Record<string, PropertyShape>> = {
  "AWS::SNS::Topic": {
    keys: [
      "ContentBasedDeduplication",
      "DataProtectionPolicy",
      "DisplayName",
      "FifoTopic",
      "KmsMasterKeyId",
      "Subscription",
      "Tags",
      "TopicName",
      "TracingConfig",
    ],
    nested: { Subscription: { keys: ["Endpoint", "Protocol"] } },
  },
  "AWS::CloudWatch::Dashboard": { keys: ["DashboardBody", "DashboardName"] },
};

export const MONITORING_ALLOWED_VALUES: Readonly<Record<string, readonly string[]>> = {
  Protocol: [
    "application",
    "email",
    "email-json",
    "firehose",
    "http",
    "https",
    "lambda",
    "sms",
    "sqs",
  ],
};
