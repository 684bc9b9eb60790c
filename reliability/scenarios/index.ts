/** Every scenario of `npm run reliability`, in the order they run and are reported. */
import type { ScenarioResult } from "../report/results.js";
import type { ScenarioContext } from "./context.js";
import { runFuzz } from "./fuzz.js";
import { runKill } from "./kill.js";
import { runRollingDeploy } from "./rolling-deploy.js";
import { runSlowJobs } from "./slow-jobs.js";
import { runSqsFaults } from "./sqs-faults.js";
import { runSustainedLoad } from "./sustained-load.js";
import { runTwoInstances } from "./two-instances.js";

export interface Scenario {
  id: string;
  title: string;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: "kill-app", title: "kill -9 of the app", run: (context) => runKill(context, "app") },
  {
    id: "kill-daemon",
    title: "kill -9 of the daemon",
    run: (context) => runKill(context, "daemon"),
  },
  {
    id: "sqs-error",
    title: "SQS server errors",
    run: (context) => runSqsFaults(context, "error", 101),
  },
  {
    id: "sqs-throttle",
    title: "SQS throttling",
    run: (context) => runSqsFaults(context, "throttle", 102),
  },
  {
    id: "sqs-partial-batch",
    title: "SQS partial batch failures",
    run: (context) => runSqsFaults(context, "partial-batch", 103),
  },
  {
    id: "sqs-slow",
    title: "SQS slow answers",
    run: (context) => runSqsFaults(context, "slow", 104),
  },
  { id: "rolling-deploy", title: "Rolling deploys under load", run: runRollingDeploy },
  { id: "slow-jobs", title: "Slow jobs near the timeout chain's limits", run: runSlowJobs },
  { id: "fuzz", title: "Generated requests straight to the app", run: runFuzz },
  { id: "load-50", title: "50 connections, sustained", run: runSustainedLoad },
  {
    id: "two-instances",
    title: "Two instances, one store",
    run: (context) => runTwoInstances(context, "plain"),
  },
  {
    id: "two-instances-kill",
    title: "Two instances, one store, kill -9 of one",
    run: (context) => runTwoInstances(context, "kill"),
  },
];
