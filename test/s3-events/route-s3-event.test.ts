import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { resolveS3EventRules } from "../../src/s3-events/define-rule.js";
import { routeS3Event } from "../../src/s3-events/route-s3-event.js";
import { s3EventRules } from "../../src/s3-events/rules.js";
import { decodeKey, encodeKey } from "../../src/s3-events/s3-event.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "s3-events");

function fixture(name: string): Buffer {
  return readFileSync(join(FIXTURES, name));
}

/** The captured PUT event with its key, bucket or event name replaced. */
function putEvent(changes: { key?: string; bucket?: string; eventName?: string }): Buffer {
  const event = JSON.parse(fixture("object-created-put.json").toString("utf8")) as {
    Records: { eventName: string; s3: { bucket: { name: string }; object: { key: string } } }[];
  };
  const record = event.Records[0]!;
  if (changes.key !== undefined) record.s3.object.key = changes.key;
  if (changes.bucket !== undefined) record.s3.bucket.name = changes.bucket;
  if (changes.eventName !== undefined) record.eventName = changes.eventName;
  return Buffer.from(JSON.stringify(event));
}

const rules = resolveS3EventRules(
  s3EventRules,
  "amzn-s3-demo-bucket",
  new Set(["watermark-image"]),
);

describe("S3 event routing", () => {
  it("turns the captured ObjectCreated:Put event into a watermark-image job with the decoded key", () => {
    expect(routeS3Event(fixture("object-created-put.json"), rules)).to.deep.equal({
      kind: "job",
      parsed: {
        ok: true,
        envelope: {
          type: "watermark-image",
          payload: { bucket: "amzn-s3-demo-bucket", key: "uploads/Happy Face (2).jpg" },
          viaSns: false,
        },
      },
    });
  });

  it("reads the same event wrapped in an SNS notification", () => {
    const routed = routeS3Event(fixture("via-sns.json"), rules);
    expect(routed?.kind === "job" && routed.parsed.envelope.payload).to.deep.equal({
      bucket: "amzn-s3-demo-bucket",
      key: "uploads/Happy Face (2).jpg",
    });
  });

  it("acknowledges S3's s3:TestEvent and asks for nothing to run", () => {
    expect(routeS3Event(fixture("test-event.json"), rules)).to.deep.equal({
      kind: "ignored",
      message:
        'Acknowledged S3\'s s3:TestEvent for bucket "amzn-s3-demo-bucket" (sent when a notification configuration is saved); nothing to run',
    });
  });

  it("leaves ordinary job envelopes to the envelope parser", () => {
    const body = Buffer.from(JSON.stringify({ type: "noop", payload: { note: "aws:s3" } }));
    expect(routeS3Event(body, rules)).to.equal(undefined);
    expect(routeS3Event(Buffer.from('{"type":"noop","payload":{}}'), rules)).to.equal(undefined);
  });

  const unmatched: [string, Parameters<typeof putEvent>[0]][] = [
    ["a key outside uploads/", { key: "watermarked/uploads/a.jpg" }],
    ["a suffix the rule does not list", { key: "uploads/notes.txt" }],
    ["another bucket", { bucket: "someone-elses" }],
    ["another event", { eventName: "ObjectRemoved:Delete" }],
  ];
  for (const [what, changes] of unmatched) {
    it(`refuses, naming the rules, an event for ${what}`, () => {
      const routed = routeS3Event(putEvent(changes), rules);
      expect(routed).to.include({ kind: "unrouted", reason: "unknown-job-type" });
      expect(routed?.kind === "unrouted" && routed.message).to.match(
        /^No S3 event rule matches .*; the rules \(src\/s3-events\/rules\.ts\) are: watermark-uploads: ObjectCreated:\* s3:\/\/amzn-s3-demo-bucket\/uploads\/\*\{\.jpg,\.jpeg,\.png\} → watermark-image$/,
      );
    });
  }

  it("matches every ObjectCreated event (Post, Copy, CompleteMultipartUpload)", () => {
    for (const eventName of [
      "ObjectCreated:Post",
      "ObjectCreated:Copy",
      "ObjectCreated:CompleteMultipartUpload",
    ]) {
      expect(routeS3Event(putEvent({ eventName }), rules)?.kind).to.equal("job");
    }
  });

  it("refuses a key that is not valid URL encoding", () => {
    expect(routeS3Event(putEvent({ key: "uploads/100%.jpg" }), rules)).to.deep.equal({
      kind: "unrouted",
      reason: "invalid-envelope",
      message:
        'Invalid S3 event notification: Records[0]: expected s3.object.key to be URL-encoded, got "uploads/100%.jpg"',
    });
  });

  it("refuses a notification with more than one record instead of running part of it", () => {
    const event = JSON.parse(fixture("object-created-put.json").toString("utf8")) as {
      Records: unknown[];
    };
    event.Records.push(event.Records[0]);
    expect(routeS3Event(Buffer.from(JSON.stringify(event)), rules)).to.deep.equal({
      kind: "unrouted",
      reason: "invalid-envelope",
      message: "Expected one record per S3 notification (S3 sends one), got 2",
    });
  });

  it("matches no bucket through WORKER_BUCKET when WORKER_BUCKET is unset", () => {
    const unset = resolveS3EventRules(s3EventRules, undefined, new Set(["watermark-image"]));
    expect(routeS3Event(fixture("object-created-put.json"), unset)?.kind).to.equal("unrouted");
  });

  it("refuses at start-up a rule whose job type is not registered", () => {
    expect(() => resolveS3EventRules(s3EventRules, "b", new Set(["noop"]))).to.throw(
      'Invalid registry:\n  - The S3 event rule "watermark-uploads" names the job type "watermark-image", which is not registered',
    );
  });

  describe("keys", () => {
    const keys: [string, string][] = [
      ["uploads/my+summer+photo.jpg", "uploads/my summer photo.jpg"],
      ["uploads/a%2Bb.jpg", "uploads/a+b.jpg"],
      ["uploads/caf%C3%A9.png", "uploads/café.png"],
      ["uploads%2Fslash.jpg", "uploads/slash.jpg"],
    ];
    for (const [encoded, decoded] of keys) {
      it(`decodes ${encoded} as ${decoded}, and encodes it back as S3 does`, () => {
        expect(decodeKey(encoded)).to.equal(decoded);
        expect(decodeKey(encodeKey(decoded))).to.equal(decoded);
      });
    }
  });
});
