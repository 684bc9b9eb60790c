/** Every scenario of `npm run reliability`, in the order they run and are reported. */
import type { ScenarioResult } from "../report/results.js";
import type { ScenarioContext } from "./context.js";
import { runKill } from "./kill.js";

export interface Scenario {
  id: string;
  title: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: "kill-app", title: "kill -9 of the app", run: (context) => runKill(context, "app") },
  { id: "kill-daemon", title: "kill -9 of the daemon", run: (context) => runKill(context, "daemon") },
];
