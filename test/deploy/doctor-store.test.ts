/**
 * The doctor on broken copies of the idempotency table's deployment (issue 10): the store the
 * app will use, the table's layout and the IAM policy on the instance role.
 */
import { expect } from "chai";
import { doctorOnCopies, TABLE } from "./support/doctor-on-copy.js";

const TABLE_VARIABLE_LINE = `    WORKER_IDEMPOTENCY_TABLE: '\`{"Ref" : "IdempotencyTable"}\`'\n`;
/** The whole environment block of the table's file, to leave WORKER_IDEMPOTENCY_TABLE unset. */
const TABLE_VARIABLE_BLOCK = `  aws:elasticbeanstalk:application:environment:\n    # Ref on a DynamoDB table gives its name.\n${TABLE_VARIABLE_LINE}`;
const POLICY_RESOURCE = `Resource: { "Fn::GetAtt": ["IdempotencyTable", "Arn"] }`;

describe("doctor on broken copies: the idempotency store", () => {
  const { project: copy, problems } = doctorOnCopies();
  const tableAt = async () => `${TABLE}:${await copy().lineOf(TABLE, "  IdempotencyTable:")}`;
  const policyAt = async () =>
    `${TABLE}:${await copy().lineOf(TABLE, "  IdempotencyTableAccess:")}`;

  describe("which store", () => {
    it("fails when several instances would each keep their own memory store", async () => {
      await copy().replace(TABLE, TABLE_VARIABLE_BLOCK, "");
      const maxSize = await copy().lineOf(".ebextensions/03-autoscaling.config", "MaxSize:");
      expect(await problems()).to.deep.equal([
        `.ebextensions: expected the dynamodb idempotency store (WORKER_IDEMPOTENCY_TABLE set) while the Auto Scaling group may run several instances (MaxSize 4, .ebextensions/03-autoscaling.config:${maxSize}), got the memory store, the app default (WORKER_IDEMPOTENCY_TABLE not set). Each instance would remember only its own jobs, so a duplicate delivered to another instance would run again.`,
      ]);
    });

    it("fails when the memory store is chosen explicitly for several instances", async () => {
      await copy().replace(TABLE, TABLE_VARIABLE_LINE, "    WORKER_IDEMPOTENCY_STORE: memory\n");
      const line = await copy().lineOf(TABLE, "WORKER_IDEMPOTENCY_STORE:");
      const maxSize = await copy().lineOf(".ebextensions/03-autoscaling.config", "MaxSize:");
      expect(await problems()).to.deep.equal([
        `${TABLE}:${line}: expected the dynamodb idempotency store (WORKER_IDEMPOTENCY_TABLE set) while the Auto Scaling group may run several instances (MaxSize 4, .ebextensions/03-autoscaling.config:${maxSize}), got the memory store. Each instance would remember only its own jobs, so a duplicate delivered to another instance would run again.`,
      ]);
    });

    it("accepts the memory store for a single instance", async () => {
      await copy().replace(TABLE, TABLE_VARIABLE_BLOCK, "");
      await copy().replace(".ebextensions/03-autoscaling.config", "MaxSize: 4", "MaxSize: 1");
      expect(await problems()).to.deep.equal([]);
    });

    it("fails when WORKER_IDEMPOTENCY_TABLE refers to something that is not a table", async () => {
      await copy().replace(TABLE, `"Ref" : "IdempotencyTable"}`, `"Ref" : "AWSEBWorkerQueue"}`);
      const line = await copy().lineOf(TABLE, "WORKER_IDEMPOTENCY_TABLE:");
      expect(await problems()).to.deep.equal([
        `${TABLE}:${line}: expected WORKER_IDEMPOTENCY_TABLE to refer to an AWS::DynamoDB::Table resource in .ebextensions, got a Ref to AWSEBWorkerQueue (no such resource).`,
      ]);
    });
  });

  describe("the table's layout", () => {
    it("fails when TTL is on another attribute than expiresAt", async () => {
      await copy().replace(TABLE, "AttributeName: expiresAt", "AttributeName: expiry");
      expect(await problems()).to.deep.equal([
        `${await tableAt()}: expected IdempotencyTable's TimeToLiveSpecification enabled on "expiresAt", got {"AttributeName":"expiry","Enabled":true}. Without it completed records are never deleted and the table grows for ever.`,
      ]);
    });

    it("fails when the partition key is not a String", async () => {
      await copy().replace(TABLE, "AttributeType: S", "AttributeType: N");
      expect(await problems()).to.deep.equal([
        `${await tableAt()}: expected IdempotencyTable's attribute "id" of AttributeType S (String), got N.`,
      ]);
    });

    it("fails when the key schema adds a sort key", async () => {
      await copy().replace(
        TABLE,
        "          KeyType: HASH\n",
        "          KeyType: HASH\n        - AttributeName: at\n          KeyType: RANGE\n",
      );
      expect(await problems()).to.deep.equal([
        `${await tableAt()}: expected IdempotencyTable's KeySchema to be the partition key "id" alone (KeyType HASH), got [{"AttributeName":"id","KeyType":"HASH"},{"AttributeName":"at","KeyType":"RANGE"}]. The store reads and writes items by "id" only.`,
      ]);
    });

    it("fails when the table has provisioned capacity", async () => {
      await copy().replace(TABLE, "BillingMode: PAY_PER_REQUEST", "BillingMode: PROVISIONED");
      expect(await problems()).to.deep.equal([
        `${await tableAt()}: expected IdempotencyTable's BillingMode PAY_PER_REQUEST (on-demand), got "PROVISIONED". A backlog draining at full speed would be throttled, and every throttled check answered as retryable.`,
      ]);
    });
  });

  describe("the IAM policy", () => {
    it("fails when the policy grants more than the item actions, or on more than the table", async () => {
      await copy().replace(
        TABLE,
        "              - dynamodb:ConditionCheckItem\n",
        "              - dynamodb:ConditionCheckItem\n              - dynamodb:Scan\n",
      );
      await copy().replace(TABLE, POLICY_RESOURCE, `Resource: [${POLICY_RESOURCE.slice(10)}, "*"]`);
      expect(await problems()).to.deep.equal([
        `${await policyAt()}: expected IdempotencyTableAccess to grant only the item actions dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem, dynamodb:ConditionCheckItem on IdempotencyTable, got also dynamodb:Scan.`,
        `${await policyAt()}: expected IdempotencyTableAccess's Resource to be IdempotencyTable's ARN alone ({"Fn::GetAtt": ["IdempotencyTable", "Arn"]}), got also ["*"].`,
      ]);
    });

    it("fails when no policy grants the store's actions on the table", async () => {
      await copy().replace(TABLE, "              - dynamodb:DeleteItem\n", "");
      expect(await problems()).to.deep.equal([
        `${await tableAt()}: expected an AWS::IAM::Policy allowing the instance role dynamodb:GetItem, dynamodb:PutItem, dynamodb:UpdateItem, dynamodb:DeleteItem on IdempotencyTable, got none for dynamodb:DeleteItem. The store's calls would be denied and every job answered as retryable.`,
      ]);
    });

    it("fails when the policy attaches to the instance profile's name instead of its role", async () => {
      await copy().replace(
        TABLE,
        `{ "Fn::GetOptionSetting": { "OptionName": "InstanceRoleName", "DefaultValue": "aws-elasticbeanstalk-ec2-role" } }`,
        `{ "Fn::GetOptionSetting": { "Namespace": "aws:autoscaling:launchconfiguration", "OptionName": "IamInstanceProfile" } }`,
      );
      expect(await problems()).to.deep.equal([
        `${await policyAt()}: expected IdempotencyTableAccess's Roles to name the instance profile's role (the custom option InstanceRoleName), got the IamInstanceProfile option. That option names the profile, whose name may differ from its role's and may be an ARN, which Roles refuses.`,
      ]);
    });

    it("fails when the role option holds an ARN", async () => {
      const arn = "arn:aws:iam::123456789012:instance-profile/worker";
      await copy().replace(
        TABLE,
        "InstanceRoleName: aws-elasticbeanstalk-ec2-role",
        `InstanceRoleName: ${arn}`,
      );
      const line = await copy().lineOf(TABLE, "InstanceRoleName:");
      expect(await problems()).to.deep.equal([
        `${TABLE}:${line}: expected InstanceRoleName to be a role name such as aws-elasticbeanstalk-ec2-role, got the ARN ${arn}. AWS::IAM::Policy Roles takes role names.`,
      ]);
    });
  });
});
