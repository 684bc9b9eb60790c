/**
 * Watches what the app is made of, src/ and cron.yaml, and calls back once per burst of changes
 * (an editor's save is often several events; a `git checkout` is hundreds). Only the app restarts
 * on a change: the daemon, the queues and their messages stay.
 */
import { watch, type FSWatcher } from "node:fs";
import { join } from "node:path";

/** Long enough to gather one save or checkout into one restart, short enough to feel immediate. */
const DEBOUNCE_MS = 200;

export interface SourceWatcher {
  close(): void;
}

/** `onChange(what)`: what changed, as a path relative to cwd (the first of the burst). */
export function watchSources(cwd: string, onChange: (what: string) => void): SourceWatcher {
  let timer: NodeJS.Timeout | undefined;
  let first: string | undefined;
  const changed = (what: string): void => {
    first ??= what;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const name = first ?? what;
      first = undefined;
      onChange(name);
    }, DEBOUNCE_MS);
  };
  const watchers: FSWatcher[] = [
    watch(join(cwd, "src"), { recursive: true }, (_event, file) => {
      if (file) changed(`src/${file}`);
    }),
    // The folder, not the file: editors save by writing a new file and renaming it over the old.
    watch(cwd, (_event, file) => {
      if (file === "cron.yaml") changed("cron.yaml");
    }),
  ];
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
