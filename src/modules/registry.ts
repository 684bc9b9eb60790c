/**
 * Checks a static registry (job types or periodic tasks) once at start-up and turns it into a
 * lookup map. A bad registry stops the app before it takes any message.
 */
import { NAME_PATTERN } from "../jobs/define-job.js";
import type { ModuleSettings } from "../config.js";
import { ProblemsError } from "../errors.js";
import type { Settings } from "./handler-context.js";

export class RegistryError extends ProblemsError {
  override name = "RegistryError";
  constructor(problems: string[]) {
    super("registry", problems);
  }
}

/** The naming rule, stated once for the registry's start-up check and for `sqs-worker make`. */
export function namePatternProblem(
  kind: "job type" | "periodic task",
  name: string,
): string | undefined {
  return NAME_PATTERN.test(name)
    ? undefined
    : `Expected ${kind} names to be lowercase words joined by hyphens (${NAME_PATTERN.source}), got "${name}"`;
}

export function createRegistry<
  T extends { name: string; timeoutSeconds?: number; concurrency?: number; settings?: Settings },
>(
  kind: "job type" | "periodic task",
  definitions: readonly T[],
  settingsRead: ModuleSettings = {},
): ReadonlyMap<string, T> {
  const problems: string[] = [];
  const byName = new Map<string, T>();
  for (const definition of definitions) {
    const { name, timeoutSeconds, concurrency } = definition;
    const nameProblem = namePatternProblem(kind, name);
    if (nameProblem !== undefined) problems.push(nameProblem);
    if (byName.has(name)) problems.push(`The ${kind} "${name}" is registered twice`);
    if (timeoutSeconds !== undefined && !(Number.isFinite(timeoutSeconds) && timeoutSeconds > 0)) {
      problems.push(
        `Expected the ${kind} "${name}" timeoutSeconds to be a positive number, got ${timeoutSeconds}`,
      );
    }
    if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
      problems.push(
        `Expected the ${kind} "${name}" concurrency to be a whole number of at least 1, got ${concurrency}`,
      );
    }
    if (definition.settings && !(name in settingsRead)) {
      problems.push(
        `Expected the settings of the ${kind} "${name}" to be read by loadConfig, got none; pass it to loadConfig with the registry`,
      );
    }
    byName.set(name, definition);
  }
  if (problems.length > 0) throw new RegistryError(problems);
  return byName;
}
