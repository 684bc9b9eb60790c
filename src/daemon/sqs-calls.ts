/**
 * SQS calls whose middleware is resolved once instead of on every call.
 *
 * `SQSClient.send` builds the handler for each call from scratch: it concatenates the client's and
 * the command's middleware stacks, sorts them and wraps every step, then runs the request through
 * it. For the daemon, which makes the same two or three calls over and over, that was about a tenth
 * of its CPU. The SDK's own `cacheMiddleware` client option keeps one handler per command class,
 * but only for calls made without per-call options (the long polls carry an abort signal), and the
 * daemon's client comes from its caller. So the daemon resolves each handler itself, once, with
 * the options it always uses, exactly as `send` would, and then calls it with a new command each
 * time. Middleware added to the client after that is not seen by these calls.
 */
import type { SQSClient } from "@aws-sdk/client-sqs";

/** The part of an SDK command this needs; every `@aws-sdk/client-sqs` command class fits it. */
interface SqsCommand<Input extends object, Output extends object> {
  readonly input: Input;
  resolveMiddleware(
    stack: SQSClient["middlewareStack"],
    config: SQSClient["config"],
    options: { abortSignal?: AbortSignal } | undefined,
  ): (command: { input: Input }) => Promise<{ output: Output }>;
}

export type SqsCall<Input, Output> = (input: Input) => Promise<Output>;

export function resolvedCall<Input extends object, Output extends object>(
  sqs: SQSClient,
  Command: new (input: Input) => SqsCommand<Input, Output>,
  options?: { abortSignal: AbortSignal },
): SqsCall<Input, Output> {
  let handler: ((command: { input: Input }) => Promise<{ output: Output }>) | undefined;
  return async (input) => {
    const command = new Command(input);
    handler ??= command.resolveMiddleware(sqs.middlewareStack, sqs.config, options);
    const { output } = await handler(command);
    return output;
  };
}
