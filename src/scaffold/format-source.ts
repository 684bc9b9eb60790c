/**
 * Formats a generated or edited file with the project's prettier settings, so `npm run lint`
 * (prettier --check) passes on what `make` wrote. prettier is a development dependency, like the
 * scaffolders themselves: without it the text is written as generated.
 */
export async function formatSource(text: string, filePath: string): Promise<string> {
  let prettier: typeof import("prettier");
  try {
    prettier = await import("prettier");
  } catch {
    return text;
  }
  const options = (await prettier.resolveConfig(filePath)) ?? {};
  return prettier.format(text, { ...options, filepath: filePath });
}
