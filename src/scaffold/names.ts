/**
 * The names a scaffolded module is known by: its job type or task name (checked against the one
 * naming rule, src/modules/registry.ts) and the identifier it is exported as.
 */

/**
 * Words that cannot name a `const`, and the names the generated files import themselves: a
 * module called one of these gets a suffix instead (`delete` → `deleteJob`).
 */
const TAKEN_IDENTIFIERS = new Set([
  ...["break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete"],
  ...["do", "else", "enum", "export", "extends", "false", "finally", "for", "function", "if"],
  ...["import", "in", "instanceof", "new", "null", "return", "super", "switch", "this", "throw"],
  ...["true", "try", "typeof", "var", "void", "while", "with", "let", "static", "yield", "await"],
  ...["implements", "interface", "package", "private", "protected", "public", "arguments", "eval"],
  ...["z", "expect", "defineJob", "defineTask", "postJob", "postTask", "testWorker"],
  ...["jobContext", "taskContext", "jobs", "tasks"],
]);

/**
 * `resize-image` → `resizeImage`; `delete` → `deleteJob`; a name the registry file already uses
 * for something else also gets the suffix.
 */
export function identifierFor(name: string, suffix: "Job" | "Task", registryText: string): string {
  const camel = name.replace(/-([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
  const used = new RegExp(`\\b${camel}\\b`).test(registryText);
  return TAKEN_IDENTIFIERS.has(camel) || used ? `${camel}${suffix}` : camel;
}
