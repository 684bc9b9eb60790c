/**
 * This project as a contender: the worker app (`src/server.ts`, production defaults) and the
 * local daemon, two processes, the daemon POSTing to the app over loopback.
 */
import type { DaemonProcessOptions } from "../processes/daemon.js";
import { spawnNode } from "../lib/child.js";
import { startWorkerApp } from "../lib/worker-app.js";
import type { Contender } from "./contenders.js";

export interface ProjectOptions {
  httpConnections: number;
  /** The daemon's ReceiveMessage loops. @default its own (HttpConnections ÷ 2.5) */
  pollers?: number;
  /** Node.js flags for the daemon's process. @default none */
  daemonNodeFlags?: readonly string[];
  /** The app's entry point. @default "src/server.ts" */
  appEntry?: string;
  /** Another build's JavaScript for a `.ts` path (build-ref.ts), and a name for it. */
  build?: { name: string; scriptOf: (tsPath: string) => string };
}

export function project(options: ProjectOptions): Contender {
  const { httpConnections, build, pollers } = options;
  const script = build?.scriptOf ?? ((tsPath: string) => tsPath);
  return {
    id: `project-${httpConnections}${pollers === undefined ? "" : `-pollers-${pollers}`}${build ? `@${build.name}` : ""}`,
    label: `this project${build ? ` at ${build.name}` : ""}: daemon + worker app, HttpConnections ${httpConnections}${pollers === undefined ? "" : `, ${pollers} pollers`}`,
    async start(queue, startOptions) {
      const profile = startOptions.cpuProfileDir
        ? { cpuProfileDir: startOptions.cpuProfileDir }
        : {};
      const app = await startWorkerApp({
        label: `app-${httpConnections}`,
        entry: script(options.appEntry ?? "src/server.ts"),
        ...profile,
      });
      const daemonOptions: DaemonProcessOptions = {
        ...queue,
        appPort: app.port,
        httpConnections,
        ...(pollers === undefined ? {} : { pollers }),
      };
      const daemon = spawnNode(script("bench/processes/daemon.ts"), {
        label: `daemon-${httpConnections}`,
        args: [JSON.stringify(daemonOptions)],
        ...(options.daemonNodeFlags ? { nodeFlags: options.daemonNodeFlags } : {}),
        ...profile,
      });
      try {
        await daemon.next("ready", 30_000);
      } catch (error) {
        await app.child.stop();
        throw error;
      }
      return {
        processes: [
          { role: "app", child: app.child },
          { role: "daemon", child: daemon },
        ],
        go: () => {
          daemon.send({ kind: "go" });
        },
        // The daemon first, so no POST meets an app that is shutting down.
        stop: async () => {
          await daemon.stop();
          await app.child.stop();
        },
      };
    },
  };
}
