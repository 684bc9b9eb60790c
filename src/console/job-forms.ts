/**
 * The enqueue form's fields, from each job's own zod schema (z.toJSONSchema, as a producer's
 * input): a text, email or number box, a checkbox or a choice per property, and a JSON box for
 * what a form cannot say (nested objects, arrays, unions). The producer still checks the payload
 * with the schema itself, so the form only helps; it decides nothing.
 */
import { z } from "zod";
import type { JobDefinition } from "../jobs/define-job.js";

export type FieldInput = "text" | "email" | "number" | "integer" | "checkbox" | "select" | "json";

export interface FieldSpec {
  name: string;
  input: FieldInput;
  required: boolean;
  /** For `select`. */
  choices: string[];
  /** The schema's description, shown under the field. */
  description: string | undefined;
}

export interface JobForm {
  type: string;
  fields: FieldSpec[];
  /** The schema allows keys beyond its properties: the form offers a JSON box for them. */
  openEnded: boolean;
}

interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
}

export function jobForms(jobs: readonly JobDefinition[]): JobForm[] {
  return jobs.map((job) => {
    // "any" for what JSON Schema cannot say (a transform, a date): the JSON box takes it.
    const schema = z.toJSONSchema(job.payload, {
      io: "input",
      unrepresentable: "any",
    }) as JsonSchema;
    const required = new Set(schema.required ?? []);
    const fields = Object.entries(schema.properties ?? {}).map(([name, property]): FieldSpec => ({
      name,
      input: inputFor(property),
      required: required.has(name),
      choices: (property.enum ?? []).filter((choice) => typeof choice === "string"),
      description: property.description,
    }));
    const openEnded = schema.type !== "object" || schema.additionalProperties !== false;
    return { type: job.name, fields, openEnded };
  });
}

function inputFor(property: JsonSchema): FieldInput {
  if (property.enum?.every((choice) => typeof choice === "string")) return "select";
  switch (property.type) {
    case "string":
      return property.format === "email" ? "email" : "text";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "checkbox";
    default:
      return "json";
  }
}
