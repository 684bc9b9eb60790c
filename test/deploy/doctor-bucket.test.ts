/**
 * The doctor on broken copies of the worker bucket's deployment (issue 11): the upload
 * notification, the queue policy that lets S3 send, the order CloudFormation creates them in,
 * and the instance role's S3 permissions.
 */
import { expect } from "chai";
import { BUCKET, doctorOnCopies } from "./support/doctor-on-copy.js";

describe("doctor on broken copies: the worker bucket", () => {
  const { project: copy, problems } = doctorOnCopies();
  const at = async (resource: string) =>
    `${BUCKET}:${await copy().lineOf(BUCKET, `  ${resource}:`)}`;

  it("fails when an image suffix is not sent to the worker queue", async () => {
    await copy().replace(BUCKET, "Value: .png", "Value: .gif");
    expect(await problems()).to.deep.equal([
      `${await at("WorkerBucket")}: expected WorkerBucket to notify AWSEBWorkerQueue of s3:ObjectCreated:* under "uploads/" for each suffix .jpg, .jpeg, .png, got none for .png. Those uploads would never be watermarked.`,
    ]);
  });

  it("fails when the bucket may be created before the queue policy", async () => {
    await copy().replace(BUCKET, "    DependsOn: WorkerQueueS3SendPolicy\n", "");
    expect(await problems()).to.deep.equal([
      `${await at("WorkerBucket")}: expected WorkerBucket to have DependsOn: WorkerQueueS3SendPolicy, got "none". CloudFormation could create the bucket first, and S3 would refuse the notification to a queue it may not send to yet.`,
    ]);
  });

  it("fails when the queue policy refers to the bucket, a circular dependency", async () => {
    await copy().replace(
      BUCKET,
      `aws:SourceArn: { "Fn::Join": ["", ["arn:aws:s3:::", { "Ref": "AWS::StackName" }, "-", { "Ref": "AWS::AccountId" }, "-worker"]] }`,
      `aws:SourceArn: { "Fn::GetAtt": ["WorkerBucket", "Arn"] }`,
    );
    expect(await problems()).to.deep.equal([
      `${await at("WorkerQueueS3SendPolicy")}: expected WorkerQueueS3SendPolicy to name WorkerBucket without a Ref or Fn::GetAtt to it, got one in aws:SourceArn. The bucket must wait for the policy (DependsOn), so the policy waiting for the bucket is a circular dependency.`,
    ]);
  });

  it("fails when the queue policy's source ARN is not the bucket's", async () => {
    await copy().replace(
      BUCKET,
      `"-worker"]] }\n              StringEquals`,
      `"-uploads"]] }\n              StringEquals`,
    );
    expect(await problems()).to.deep.equal([
      `${await at("WorkerQueueS3SendPolicy")}: expected aws:SourceArn to be WorkerBucket's ARN built from its BucketName, {"Fn::Join":["",["arn:aws:s3:::",{"Ref":"AWS::StackName"},"-",{"Ref":"AWS::AccountId"},"-worker"]]}, got {"Fn::Join":["",["arn:aws:s3:::",{"Ref":"AWS::StackName"},"-",{"Ref":"AWS::AccountId"},"-uploads"]]}. S3 would be refused and the deployment would fail.`,
    ]);
  });

  it("fails when any bucket of any account could send to the queue", async () => {
    await copy().replace(BUCKET, "StringEquals:\n", "StringLike:\n");
    const found = await problems();
    expect(found).to.have.length(1);
    expect(found[0]).to.match(
      /^\.ebextensions\/30-worker-bucket\.config:\d+: expected WorkerQueueS3SendPolicy to let S3 send only for WorkerBucket \(ArnEquals aws:SourceArn\) and this account \(StringEquals aws:SourceAccount\), got \{.*\}\. Any bucket of any account could put messages on the worker queue\.$/,
    );
  });

  it("fails when no queue policy lets S3 send", async () => {
    await copy().replace(BUCKET, "Service: s3.amazonaws.com", "Service: sns.amazonaws.com");
    expect(await problems()).to.deep.equal([
      `${await at("WorkerBucket")}: expected an AWS::SQS::QueuePolicy allowing s3.amazonaws.com sqs:SendMessage on AWSEBWorkerQueue, got none. S3 would refuse the notification ("Unable to validate the following destination configurations") and the deployment would fail.`,
    ]);
  });

  it("fails when the role may read every object instead of the uploads prefix", async () => {
    await copy().replace(BUCKET, `"/uploads/*"`, `"/*"`);
    expect(await problems()).to.deep.equal([
      `${await at("WorkerBucketAccess")}: expected WorkerBucketAccess to grant only what the jobs need on WorkerBucket (s3:GetObject on "uploads/", s3:GetObject+s3:PutObject on "watermarked/", s3:GetObject+s3:PutObject on "feeds/", s3:GetObject+s3:PutObject on "contacts/", s3:ListBucket on the bucket), got also s3:GetObject on every object.`,
      `${await at("WorkerBucket")}: expected an AWS::IAM::Policy allowing the instance role s3:GetObject on "uploads/", s3:GetObject+s3:PutObject on "watermarked/", s3:GetObject+s3:PutObject on "feeds/", s3:GetObject+s3:PutObject on "contacts/", s3:ListBucket on the bucket, got none for s3:GetObject on "uploads/". Those jobs' S3 calls would be denied.`,
    ]);
  });

  it("fails when WORKER_BUCKET names no bucket resource", async () => {
    await copy().replace(BUCKET, `"Ref" : "WorkerBucket"}`, `"Ref" : "WorkerBuckets"}`);
    const line = await copy().lineOf(BUCKET, "WORKER_BUCKET:");
    expect(await problems()).to.deep.equal([
      `${BUCKET}:${line}: expected WORKER_BUCKET to refer to an AWS::S3::Bucket resource in .ebextensions, got a Ref to WorkerBuckets (no such resource).`,
    ]);
  });
});
