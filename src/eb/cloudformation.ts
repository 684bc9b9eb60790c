/**
 * Reading CloudFormation values as `.ebextensions` write them: the references (`Ref`,
 * `Fn::GetAtt`) a value contains, the backtick form Beanstalk uses for a function inside
 * option_settings ('`{"Ref" : "Name"}`'), and the list-or-single values CloudFormation allows
 * (an IAM statement's Action, a resource's DependsOn). The doctor and the tests share these.
 */

export interface Reference {
  /** The logical name, or a pseudo parameter such as `AWS::Region`. */
  target: string;
  /** The attribute read by `Fn::GetAtt`; undefined for `Ref`. */
  attribute?: string;
}

/** Every Ref and Fn::GetAtt inside a value, in document order. */
export function referencesIn(value: unknown): Reference[] {
  if (Array.isArray(value)) return value.flatMap(referencesIn);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === "string") return [{ target: record.Ref }];
  const getAtt = record["Fn::GetAtt"];
  if (Array.isArray(getAtt) && typeof getAtt[0] === "string" && typeof getAtt[1] === "string") {
    return [{ target: getAtt[0], attribute: getAtt[1] }];
  }
  return Object.values(record).flatMap(referencesIn);
}

/** True for `AWS::Region`, `AWS::AccountId` and the other pseudo parameters. */
export function isPseudoParameter(target: string): boolean {
  return target.startsWith("AWS::");
}

/** True when the value refers to `target` (with `attribute`, when given) anywhere inside it. */
export function refersTo(value: unknown, target: string, attribute?: string): boolean {
  return referencesIn(value).some(
    (reference) =>
      reference.target === target && (attribute === undefined || reference.attribute === attribute),
  );
}

/**
 * The CloudFormation function inside an option_settings value written '`{"Ref" : "Name"}`';
 * undefined for a plain value or one whose JSON does not parse.
 */
export function deployTimeFunction(value: unknown): unknown {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!/^`[\s\S]*`$/.test(text)) return undefined;
  try {
    return JSON.parse(text.slice(1, -1)) as unknown;
  } catch {
    return undefined;
  }
}

/** True for a value CloudFormation resolves at deploy time ('`{…}`'). */
export function isDeployTimeFunction(value: unknown): boolean {
  return typeof value === "string" && /^`[\s\S]*`$/.test(value.trim());
}

/** A value CloudFormation accepts as one item or a list of them (Action, Resource, DependsOn). */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The resource's Properties as a record (empty when missing or malformed). */
export function propertiesOf(resource: Record<string, unknown>): Record<string, unknown> {
  return asRecord(resource.Properties) ?? {};
}

/** The value as a record (a YAML mapping), or undefined for anything else. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** A nested property as a record, or undefined. */
export function recordAt(value: unknown, key: string): Record<string, unknown> | undefined {
  return asRecord(asRecord(value)?.[key]);
}
