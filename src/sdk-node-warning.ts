/**
 * On Node.js 20 the AWS SDK prints an eight-line NodeVersionSupportWarning (its releases after
 * January 2027 need Node.js 22) in every process that builds a client. Beanstalk runs this
 * service on Node.js 22; in the project's own processes on a Node.js 20 machine (the local loop
 * and its app, the CLI, the bench) the warning only buries their first lines, so their entry
 * points switch it off. The library never does: whoever imports it still sees the warning.
 *
 * The SDK's one switch is an environment variable, read when a client is built
 * (aws/aws-sdk-js-v3#7983); it has no client option. Set in the process's environment, it also
 * reaches the child processes that inherit it.
 */
export const SDK_NODE_WARNING_OFF = {
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
} as const;

/** Called by an entry point with `process.env`, before any SQS client is built. */
export function silenceSdkNodeVersionWarning(env: Record<string, string | undefined>): void {
  Object.assign(env, SDK_NODE_WARNING_OFF);
}
