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

/**
 * `onChange(what, changed)`: `what` is the first path of the burst (relative to cwd), `changed`
 * every path in it, so a burst that touched cron.yaml is seen as such even when it began in src/.
 */
export function watchSources(
  cwd: string,
  onChange: (what: string, changed: ReadonlySet<string>) => void,
): SourceWatcher {
  let timer: NodeJS.Timeout | undefined;
  let burst = new Set<string>();
  const changed = (what: string): void => {
    burst.add(what);
    clearTimeout(timer);
    timer = setTimeout(() => {
      const paths = burst;
      burst = new Set();
      const [first = what] = paths;
      onChange(first, paths);
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
