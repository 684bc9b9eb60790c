/** The report goes through prettier, as every Markdown file of the repository does (npm run lint). */
import { format, resolveConfig } from "prettier";

export async function formatMarkdown(markdown: string, filepath: string): Promise<string> {
  const options = (await resolveConfig(filepath)) ?? {};
  return format(markdown, { ...options, filepath });
}
