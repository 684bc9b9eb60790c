/**
 * Checks a log line against the CloudWatch Embedded Metric Format specification
 * (docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html),
 * written here from the specification, not from the code under test:
 *
 * - the root is a JSON object with `_aws` holding `Timestamp` (whole milliseconds since the epoch)
 *   and `CloudWatchMetrics`, an array of metric directives;
 * - a directive has exactly `Namespace` (1–255 characters), `Dimensions` (at least one dimension
 *   set, each at most 30 keys, each key a root member with a string value) and `Metrics` (at most
 *   100 definitions, each `Name` and an optional `Unit` from CloudWatch's units, each Name a root
 *   member);
 * - a metric's member is a number or an array of at most 100 numbers, or the histogram AWS's own
 *   EMF library writes: `Values` (at most 100 numbers) with as many positive `Counts`, and `Max`,
 *   `Min`, `Count` (the sum of Counts) and `Sum`;
 * - the line is at most 256 KiB, a CloudWatch Logs event's limit.
 */

export const EMF_UNITS = new Set([
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
]);

const MAX_EVENT_BYTES = 256 * 1024;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isNumber(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Every rule the line breaks; empty when it is a valid EMF document. */
export function emfProblems(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > MAX_EVENT_BYTES) {
    problems.push(`Expected at most ${MAX_EVENT_BYTES} bytes, got ${Buffer.byteLength(line)}`);
  }
  let root: unknown;
  try {
    root = JSON.parse(line);
  } catch {
    return [...problems, "Expected a JSON object, got text JSON cannot parse"];
  }
  if (!isObject(root)) return [...problems, "Expected the root to be a JSON object"];
  const meta = root._aws;
  if (!isObject(meta)) return [...problems, "Expected an _aws object"];
  if (!Number.isInteger(meta.Timestamp) || (meta.Timestamp as number) < 0) {
    problems.push(`Expected _aws.Timestamp in whole milliseconds, got ${String(meta.Timestamp)}`);
  }
  const directives = meta.CloudWatchMetrics;
  if (!Array.isArray(directives) || directives.length === 0) {
    return [...problems, "Expected _aws.CloudWatchMetrics to be a non-empty array"];
  }
  for (const directive of directives) checkDirective(root, directive, problems);
  return problems;
}

function checkDirective(root: Json, directive: unknown, problems: string[]): void {
  if (!isObject(directive)) {
    problems.push("Expected each metric directive to be an object");
    return;
  }
  const extra = Object.keys(directive).filter(
    (key) => !["Namespace", "Dimensions", "Metrics"].includes(key),
  );
  if (extra.length > 0) problems.push(`Expected no other directive members, got ${extra.join()}`);
  const { Namespace: namespace, Dimensions: dimensions, Metrics: metrics } = directive;
  if (typeof namespace !== "string" || namespace.length < 1 || namespace.length > 255) {
    problems.push(`Expected a Namespace of 1 to 255 characters, got ${String(namespace)}`);
  }
  if (!Array.isArray(dimensions) || dimensions.length === 0) {
    problems.push("Expected Dimensions to be an array of at least one dimension set");
  } else {
    for (const set of dimensions) checkDimensionSet(root, set, problems);
  }
  if (!Array.isArray(metrics) || metrics.length > 100) {
    problems.push(`Expected Metrics to be an array of at most 100 definitions`);
    return;
  }
  for (const definition of metrics) checkDefinition(root, definition, problems);
}

function checkDimensionSet(root: Json, set: unknown, problems: string[]): void {
  if (!Array.isArray(set) || set.length > 30) {
    problems.push("Expected each dimension set to be an array of at most 30 keys");
    return;
  }
  for (const key of set) {
    if (typeof key !== "string" || typeof root[key] !== "string") {
      problems.push(`Expected dimension ${String(key)} to be a root member with a string value`);
    }
  }
}

function checkDefinition(root: Json, definition: unknown, problems: string[]): void {
  if (!isObject(definition) || typeof definition.Name !== "string") {
    problems.push("Expected each metric definition to be an object with a Name");
    return;
  }
  const extra = Object.keys(definition).filter(
    (key) => !["Name", "Unit", "StorageResolution"].includes(key),
  );
  if (extra.length > 0) problems.push(`Expected no other definition members, got ${extra.join()}`);
  const { Name: name, Unit: unit } = definition;
  if (unit !== undefined && !(typeof unit === "string" && EMF_UNITS.has(unit))) {
    problems.push(`Expected ${name}'s Unit to be a CloudWatch unit, got ${JSON.stringify(unit)}`);
  }
  const value = root[name];
  if (isNumber(value)) return;
  if (Array.isArray(value)) {
    if (value.length > 100 || !value.every(isNumber)) {
      problems.push(`Expected ${name} to be an array of at most 100 numbers`);
    }
    return;
  }
  if (isObject(value)) {
    checkHistogram(name, value, problems);
    return;
  }
  problems.push(`Expected ${name} to be a root member with a numeric value, got ${String(value)}`);
}

function checkHistogram(name: string, histogram: Json, problems: string[]): void {
  const { Values: values, Counts: counts, Max: max, Min: min, Count: count, Sum: sum } = histogram;
  if (!Array.isArray(values) || !Array.isArray(counts) || values.length !== counts.length) {
    problems.push(`Expected ${name}'s Values and Counts to be arrays of one length`);
    return;
  }
  if (values.length === 0 || values.length > 100) {
    problems.push(`Expected ${name} to have 1 to 100 Values, got ${values.length}`);
  }
  if (!values.every(isNumber) || !counts.every((c) => isNumber(c) && c > 0)) {
    problems.push(`Expected ${name}'s Values to be numbers and its Counts positive numbers`);
  }
  if (!isNumber(max) || !isNumber(min) || !isNumber(count) || !isNumber(sum) || min > max) {
    problems.push(`Expected ${name} to have numbers Max >= Min, Count and Sum`);
    return;
  }
  const total = (counts as number[]).reduce((a, b) => a + b, 0);
  if (total !== count)
    problems.push(`Expected ${name}'s Count ${count} to be its Counts' sum ${total}`);
  if (!(values as number[]).every((v) => v >= min && v <= max)) {
    problems.push(`Expected ${name}'s Values within Min ${min} and Max ${max}`);
  }
  // The sum of `count` values between Min and Max lies between these bounds.
  const slack = 1e-6 * Math.max(1, Math.abs(sum));
  if (sum < min * count - slack || sum > max * count + slack) {
    problems.push(
      `Expected ${name}'s Sum ${sum} to be possible for ${count} values in [${min}, ${max}]`,
    );
  }
}
