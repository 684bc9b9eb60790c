/**
 * Walks CloudFormation values: the Ref and Fn::GetAtt references they contain, and properties or
 * enumerated values the allow-list in cloudformation-schema.ts does not know.
 */
import { ALLOWED_VALUES, type PropertyShape } from "./cloudformation-schema.js";

export interface Reference {
  target: string;
  attribute?: string;
}

/** Every Ref and Fn::GetAtt inside a value. */
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

/** Property names not in the shape, as `Resource.Path.Key`. */
export function unknownProperties(value: unknown, shape: PropertyShape, at: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => unknownProperties(item, shape, `${at}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    if (!shape.keys.includes(key)) return [`${at}.${key}`];
    const nested = shape.nested?.[key];
    return nested ? unknownProperties(child, nested, `${at}.${key}`) : [];
  });
}

/** Enumerated values outside what CloudFormation accepts, at any depth. */
export function disallowedValues(value: unknown, at: string): string[] {
  if (Array.isArray(value))
    return value.flatMap((item, index) => disallowedValues(item, `${at}[${index}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) => {
    const allowed = ALLOWED_VALUES[key];
    if (allowed && !allowed.includes(String(child))) return [`${at}.${key} = ${String(child)}`];
    return disallowedValues(child, `${at}.${key}`);
  });
}
