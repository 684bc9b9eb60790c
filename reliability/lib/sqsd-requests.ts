/**
 * Generated requests to the worker app (fast-check): what sqsd sends (valid deliveries of
 * every shape), and what it might send or what else might reach the port (malformed headers,
 * bodies and envelopes, other methods and paths, foreign User-Agents, oversized bodies). Each
 * request carries the answer its kind must get, from the documented contract (outcomes.ts,
 * docs/protocol.md §1).
 */
import fc from "fast-check";

export interface GeneratedRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The statuses the contract allows for this request. */
  expected: readonly number[];
}

const SQSD_UA = "aws-sqsd/3.0.4";
/** The characters of an ASCII alphabet, one by one. */
const chars = (alphabet: string): string[] => Array.from(alphabet);
const printable = fc.string({
  unit: fc.constantFrom(...chars("abcXYZ019 -_.:/;=+,!~*'()")),
  maxLength: 40,
});
const isoTime = fc
  .date({
    min: new Date("2020-01-01T00:00:00Z"),
    max: new Date("2030-01-01T00:00:00Z"),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().replace(/\.\d{3}Z$/, "Z"));

/** The headers of one valid delivery; every mutation below breaks exactly one rule. */
const validHeaders = fc.record({
  "user-agent": fc.constant(SQSD_UA),
  "content-type": fc.constant("application/json"),
  "x-aws-sqsd-msgid": fc.uuid(),
  "x-aws-sqsd-receive-count": fc.integer({ min: 1, max: 100 }).map(String),
  "x-aws-sqsd-first-received-at": isoTime,
  "x-aws-sqsd-sent-at": isoTime,
  "x-aws-sqsd-queue": fc.constantFrom("AWSEBWorkerQueue", "awseb-e-abc-stack-AWSEBWorkerQueue-1"),
  "x-aws-sqsd-path": fc.constant("/"),
});

const attributes = fc.dictionary(
  fc.string({ unit: fc.constantFrom(...chars("abcdefgh-_")), minLength: 1, maxLength: 12 }),
  printable,
  { maxKeys: 4 },
);

const payloadObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), {
  maxKeys: 4,
});

const notJson = fc.string({ minLength: 1, maxLength: 60 }).filter((text) => {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
});

const notEnvelope = fc.jsonValue({ maxDepth: 3 }).filter((value) => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return true;
  const record = value as Record<string, unknown>;
  return (
    !(typeof record.type === "string" && "payload" in record) && record.Type !== "Notification"
  );
});

/** Header values that break one rule of §1.2, impossible calendar dates included. */
const badHeader = fc.oneof(
  fc
    .constantFrom(
      "x-aws-sqsd-msgid",
      "x-aws-sqsd-receive-count",
      "x-aws-sqsd-first-received-at",
      "x-aws-sqsd-queue",
    )
    .map((name) => ({ name, value: undefined })),
  fc
    .constantFrom("0", "-1", "abc", "1.5", "1e3", " ")
    .map((value) => ({ name: "x-aws-sqsd-receive-count", value })),
  fc
    .constantFrom(
      "yesterday",
      "2026-01-01 00:00:00",
      "2026-01-01T00:00:00+01:00",
      "2026-02-30T00:00:00Z",
      "2026-01-01T24:00:00Z",
      "2026-13-01T00:00:00Z",
      "2026-04-31T12:00:00Z",
      "2026-01-01T12:60:00Z",
    )
    .map((value) => ({ name: "x-aws-sqsd-first-received-at", value })),
);

const post =
  (kind: string, expected: readonly number[]) =>
  (headers: Record<string, string>, body: string): GeneratedRequest => ({
    kind,
    method: "POST",
    path: "/",
    headers,
    body,
    expected,
  });

export const generatedRequest: fc.Arbitrary<GeneratedRequest> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.tuple(validHeaders, attributes, payloadObject).map(([headers, attrs, payload]) =>
      post("valid job", [200])(
        {
          ...headers,
          ...Object.fromEntries(Object.entries(attrs).map(([n, v]) => [`x-aws-sqsd-attr-${n}`, v])),
        },
        JSON.stringify({ type: "noop", payload }),
      ),
    ),
  },
  {
    weight: 4,
    arbitrary: fc.tuple(validHeaders, payloadObject).map(([headers, payload]) =>
      post("valid job in an SNS notification", [200])(
        headers,
        JSON.stringify({
          Type: "Notification",
          TopicArn: "arn:aws:sns:us-east-1:123456789012:jobs",
          Message: JSON.stringify({ type: "noop", payload }),
        }),
      ),
    ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        validHeaders,
        fc.string({ minLength: 1, maxLength: 20 }),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([headers, type, payload]) =>
        post("unknown job type", [422])(headers, JSON.stringify({ type: `fuzz-${type}`, payload })),
      ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        validHeaders,
        fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.array(fc.integer())),
      )
      .map(([headers, payload]) =>
        post("invalid payload", [422])(headers, JSON.stringify({ type: "noop", payload })),
      ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(validHeaders, notJson)
      .map(([headers, body]) => post("invalid JSON", [400])(headers, body)),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(validHeaders, notEnvelope)
      .map(([headers, value]) =>
        post("JSON that is not an envelope", [400])(headers, JSON.stringify(value)),
      ),
  },
  { weight: 2, arbitrary: validHeaders.map((headers) => post("empty body", [400])(headers, "")) },
  {
    weight: 10,
    arbitrary: fc.tuple(validHeaders, badHeader).map(([headers, { name, value }]) => {
      const mutated: Record<string, string> = Object.fromEntries(
        Object.entries(headers).filter(([header]) => value !== undefined || header !== name),
      );
      if (value !== undefined) mutated[name] = value;
      return post(`bad ${name}${value === undefined ? " (missing)" : ` "${value}"`}`, [400])(
        mutated,
        JSON.stringify({ type: "noop", payload: {} }),
      );
    }),
  },
  {
    weight: 4,
    arbitrary: fc
      .tuple(
        validHeaders,
        printable.filter((ua) => !ua.startsWith("aws-sqsd")),
      )
      .map(([headers, ua]) =>
        post("foreign User-Agent", [403])(
          { ...headers, "user-agent": ua },
          JSON.stringify({ type: "noop", payload: {} }),
        ),
      ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        validHeaders,
        fc.ipV4().filter((ip) => !ip.startsWith("127.")),
      )
      .map(([headers, ip]) =>
        post("X-Forwarded-For from outside", [403])(
          { ...headers, "x-forwarded-for": ip },
          JSON.stringify({ type: "noop", payload: {} }),
        ),
      ),
  },
  {
    weight: 6,
    arbitrary: fc
      .tuple(
        validHeaders,
        fc.constantFrom("GET", "PUT", "DELETE", "PATCH", "OPTIONS"),
        fc.constantFrom("/", "/jobs", "/tasks/daily-digest", "/x/y"),
      )
      .map(([headers, method, path]) => ({
        kind: `${method} ${path}`,
        method,
        path,
        headers,
        body: "",
        expected: [404, 405],
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validHeaders, fc.stringMatching(/^\/[a-z0-9/_-]{1,20}$/))
      .filter(([, path]) => path !== "/" && !path.startsWith("/tasks/"))
      .map(([headers, path]) => ({
        kind: "POST to another path",
        method: "POST",
        path,
        headers,
        body: JSON.stringify({ type: "noop", payload: {} }),
        expected: [404],
      })),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validHeaders, fc.stringMatching(/^[a-z][a-z0-9]{0,10}$/), isoTime)
      .map(([headers, name, scheduledAt]) => ({
        kind: "periodic task that does not exist",
        method: "POST",
        path: `/tasks/fuzz${name}`,
        headers: {
          ...headers,
          "x-aws-sqsd-taskname": `fuzz${name}`,
          "x-aws-sqsd-scheduled-at": scheduledAt,
        },
        body: "",
        expected: [422],
      })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(validHeaders, isoTime).map(([headers, scheduledAt]) => ({
      kind: "periodic task whose Taskname differs from its path",
      method: "POST",
      path: "/tasks/daily-digest",
      headers: {
        ...headers,
        "x-aws-sqsd-taskname": "other",
        "x-aws-sqsd-scheduled-at": scheduledAt,
      },
      body: "",
      expected: [400],
    })),
  },
);

/** One body above the 1 MiB limit now and then: 413, and the app keeps serving. */
export function oversized(headers: Record<string, string>): GeneratedRequest {
  return post("body over the 1 MiB limit", [413])(
    headers,
    `{"type":"noop","payload":{"x":"${"x".repeat(1024 * 1024)}"}}`,
  );
}

/** `count` requests from `seed`, generated lazily in blocks so 100,000 never sit in memory. */
export function* requests(count: number, seed: number): Generator<GeneratedRequest> {
  const block = 1000;
  for (let start = 0; start < count; start += block) {
    const size = Math.min(block, count - start);
    const sampled = fc.sample(generatedRequest, { numRuns: size, seed: seed + start });
    for (const [index, request] of sampled.entries()) {
      const position = start + index;
      if (position % 5000 !== 4999) yield request;
      else yield oversized(fc.sample(validHeaders, { numRuns: 1, seed: seed + position })[0] ?? {});
    }
  }
}
