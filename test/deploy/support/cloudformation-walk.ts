/**
 * Walks CloudFormation values: properties or enumerated values the allow-list in
 * cloudformation-schema.ts does not know. (The references they contain: src/eb/cloudformation.ts,
 * shared with the doctor.)
 */
import { ALLOWED_VALUES, type PropertyShape } from "./cloudformation-schema.js";

export { referencesIn, type Reference } from "../../../src/eb/cloudformation.js";

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
