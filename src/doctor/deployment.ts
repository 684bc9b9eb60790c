/**
 * Loads what the doctor compares from a project root: the sqsd options and environment
 * properties of `.ebextensions`, the nginx directives of `.platform/nginx/conf.d`, each as a
 * {@link Setting} that knows its file and line, plus the problems found while reading them.
 */
import path from "node:path";
import { ConfigError, loadConfig, type Config } from "../config.js";
import { isDeployTimeFunction } from "../eb/cloudformation.js";
import {
  EbextensionsError,
  readEbextensions,
  type Ebextensions,
  type Located,
} from "../eb/ebextensions.js";
import { effectiveNginxLimits, readNginxConfD, type EffectiveNginxLimit } from "../eb/nginx.js";
import {
  parseSqsdOptionValue,
  SQSD_NAMESPACE,
  SQSD_OPTIONS,
  type SqsdOptionName,
} from "../eb/sqsd-options.js";
import type { Setting } from "./setting.js";

export const EBEXTENSIONS_DIR = ".ebextensions";
export const NGINX_CONF_DIR = ".platform/nginx/conf.d";

/** The app settings the doctor compares with sqsd and nginx. */
type AppSettingKey =
  | "jobTimeoutSeconds"
  | "bodyLimitBytes"
  | "maxRetries"
  | "httpPath"
  | "cronFile"
  | "maxConcurrentJobs"
  | "shutdownDeadlineSeconds";

/** Their variables, as src/config.ts reads them. */
const APP_VARIABLES: Record<AppSettingKey, string> = {
  jobTimeoutSeconds: "WORKER_JOB_TIMEOUT_SECONDS",
  bodyLimitBytes: "WORKER_BODY_LIMIT_BYTES",
  maxRetries: "WORKER_MAX_RETRIES",
  httpPath: "WORKER_HTTP_PATH",
  cronFile: "WORKER_CRON_FILE",
  maxConcurrentJobs: "WORKER_MAX_CONCURRENT_JOBS",
  shutdownDeadlineSeconds: "WORKER_SHUTDOWN_DEADLINE_SECONDS",
};

export interface Deployment {
  root: string;
  ebextensions: Ebextensions;
  /** Every sqsd option, explicit or AWS's default; numbers for the integer options. */
  sqsd: Record<SqsdOptionName, Setting<string | number | undefined>>;
  /** The app's settings as the instance will run them (environment properties, else defaults). */
  app: { [Key in AppSettingKey]: Setting<Config[Key]> };
  nginx: { proxyReadTimeout: Setting<number>; clientMaxBodySize: Setting<number> };
}

/** `.ebextensions/01-worker-daemon.config:12`, relative to the project root. */
export function whereIn(root: string, located: Pick<Located, "file" | "line">): string {
  return `${path.relative(root, located.file)}:${located.line}`;
}

/** Reads the deployment files. Problems that make comparison meaningless (bad YAML) end the load. */
export async function loadDeployment(
  root: string,
): Promise<
  { deployment: Deployment; problems: string[] } | { deployment: undefined; problems: string[] }
> {
  let ebextensions: Ebextensions;
  try {
    ebextensions = await readEbextensions(path.join(root, EBEXTENSIONS_DIR));
  } catch (error) {
    if (!(error instanceof EbextensionsError)) throw error;
    // The reader names files by absolute path; messages name them from the project root.
    const relative = (problem: string) =>
      problem.startsWith(root + path.sep) ? problem.slice(root.length + 1) : problem;
    return { deployment: undefined, problems: error.problems.map(relative) };
  }
  const problems: string[] = [];
  const deployment: Deployment = {
    root,
    ebextensions,
    sqsd: readSqsd(root, ebextensions, problems),
    app: readApp(root, ebextensions, problems),
    nginx: await readNginx(root, problems),
  };
  return { deployment, problems };
}

function readSqsd(
  root: string,
  ebextensions: Ebextensions,
  problems: string[],
): Deployment["sqsd"] {
  const settings = {} as Deployment["sqsd"];
  for (const spec of SQSD_OPTIONS) {
    const located = ebextensions.sqsd[spec.name];
    if (located === undefined) {
      settings[spec.name] = {
        value: spec.default,
        where: EBEXTENSIONS_DIR,
        defaultSource: "AWS default",
      };
      continue;
    }
    const where = whereIn(root, located);
    const parsed = parseSqsdOptionValue(spec, located.value);
    if (parsed.ok) {
      settings[spec.name] = { value: parsed.value, where };
    } else {
      problems.push(`${where}: ${SQSD_NAMESPACE} ${spec.name}: ${parsed.problem}`);
      settings[spec.name] = { value: spec.default, where, invalid: true };
    }
  }
  return settings;
}

/**
 * What the app's configuration sees in place of a value CloudFormation resolves at deploy time
 * ('`{"Ref" : "…"}`'): a value of the right shape, so a setting that requires another one (the
 * DynamoDB store requires its table) is not reported missing. Other variables are left out.
 */
const DEPLOY_TIME_STAND_INS: Readonly<Record<string, string>> = {
  WORKER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/deploy-time-queue",
  WORKER_DEAD_LETTER_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/deploy-time-dlq",
  WORKER_BUCKET: "deploy-time-bucket",
  WORKER_IDEMPOTENCY_TABLE: "deploy-time-table",
};

function readApp(root: string, ebextensions: Ebextensions, problems: string[]): Deployment["app"] {
  // The environment the instance will see, minus values only CloudFormation can resolve.
  const env: Record<string, string> = {};
  for (const [name, located] of Object.entries(ebextensions.environment)) {
    const where = whereIn(root, located);
    if (typeof located.value === "object" && located.value !== null) {
      problems.push(
        `${where}: environment property ${name}: expected a string (write CloudFormation functions as '\`{"Ref" : "Name"}\`' in option_settings), got a mapping`,
      );
    } else if (!isDeployTimeFunction(located.value)) {
      env[name] = String(located.value);
    } else if (DEPLOY_TIME_STAND_INS[name] !== undefined) {
      env[name] = DEPLOY_TIME_STAND_INS[name];
    }
  }
  // src/config.ts decides what is valid and what the defaults are; only the location is added here.
  try {
    loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const problem of error.problems) {
      const name = problem.slice(0, problem.indexOf(":"));
      const located = ebextensions.environment[name];
      problems.push(
        `${located ? whereIn(root, located) : EBEXTENSIONS_DIR}: environment property ${problem}`,
      );
    }
  }
  const defaults = loadConfig({});
  const setting = <Key extends AppSettingKey>(key: Key): Setting<Config[Key]> => {
    const variable = APP_VARIABLES[key];
    const located = ebextensions.environment[variable];
    if (located === undefined || env[variable] === undefined) {
      return { value: defaults[key], where: EBEXTENSIONS_DIR, defaultSource: "app default" };
    }
    try {
      return {
        value: loadConfig({ [variable]: env[variable] })[key],
        where: whereIn(root, located),
      };
    } catch {
      return { value: defaults[key], where: whereIn(root, located), invalid: true };
    }
  };
  return {
    jobTimeoutSeconds: setting("jobTimeoutSeconds"),
    bodyLimitBytes: setting("bodyLimitBytes"),
    maxRetries: setting("maxRetries"),
    httpPath: setting("httpPath"),
    cronFile: setting("cronFile"),
    maxConcurrentJobs: setting("maxConcurrentJobs"),
    shutdownDeadlineSeconds: setting("shutdownDeadlineSeconds"),
  };
}

async function readNginx(root: string, problems: string[]): Promise<Deployment["nginx"]> {
  const limits = effectiveNginxLimits(await readNginxConfD(path.join(root, NGINX_CONF_DIR)));
  const setting = ({ value, directive, problem }: EffectiveNginxLimit): Setting<number> => {
    if (directive === undefined)
      return { value, where: NGINX_CONF_DIR, defaultSource: "nginx default" };
    const where = whereIn(root, directive);
    if (problem === undefined) return { value, where };
    problems.push(`${where}: ${problem}`);
    return { value, where, invalid: true };
  };
  return {
    proxyReadTimeout: setting(limits.proxyReadTimeout),
    clientMaxBodySize: setting(limits.clientMaxBodySize),
  };
}
