/**
 * Adds one module to a registry file (src/jobs/index.ts or src/tasks/index.ts): an import after
 * the last import, and the identifier at the end of the exported list. The result is formatted by
 * prettier afterwards, so only the tokens matter here.
 */
import { ScaffoldError } from "./scaffold-error.js";

export interface RegistryAddition {
  /** As the messages name it, e.g. "src/jobs/index.ts". */
  fileName: string;
  /** The exported list: `jobs` or `tasks`. */
  listName: string;
  identifier: string;
  /** The module's file name without extension, e.g. "resize-image". */
  moduleName: string;
}

const LAST_IMPORT = /^import\s[^;]*?from\s+"[^"]+";[^\S\n]*$/gm;

export function addToRegistry(text: string, addition: RegistryAddition): string {
  const { fileName, listName, identifier, moduleName } = addition;
  const list = new RegExp(`(export const ${listName}\\b[^=]*=\\s*\\[)([^\\]]*)(\\])`).exec(text);
  if (!list) {
    throw new ScaffoldError(
      `Expected ${fileName} to export its list as \`export const ${listName} = [...]\`, got no such list; add ${identifier} from ./${moduleName}.js to it by hand`,
    );
  }
  const [whole, opening = "", entries = "", closing = ""] = list;
  const kept = entries.trim().replace(/,$/, "");
  const listed = `${opening}${kept === "" ? identifier : `${kept}, ${identifier}`}${closing}`;
  const withEntry = text.slice(0, list.index) + listed + text.slice(list.index + whole.length);

  const importLine = `import { ${identifier} } from "./${moduleName}.js";`;
  const imports = [...withEntry.matchAll(LAST_IMPORT)];
  const last = imports.at(-1);
  if (last === undefined) return `${importLine}\n${withEntry}`;
  const end = last.index + last[0].length;
  return `${withEntry.slice(0, end)}\n${importLine}${withEntry.slice(end)}`;
}
