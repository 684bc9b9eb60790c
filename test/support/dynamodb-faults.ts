/**
 * Makes a DynamoDB client's calls fail, as a middleware in its `initialize` step (above the SDK's
 * own retries, so the code under test sees every fault):
 *
 *   const faults = failDynamoDbCalls(client, { actions: ["PutItem"] });
 *   …
 *   faults.stop(); // the client behaves normally again
 *
 * The fault is DynamoDB's own InternalServerError (HTTP 500), as an unavailable service answers.
 */
import { InternalServerError, type DynamoDBClient } from "@aws-sdk/client-dynamodb";

export interface DynamoDbFaults {
  /** Calls failed so far, by action (`PutItem`, `GetItem`, …). */
  readonly failed: Record<string, number>;
  stop(): void;
}

export function failDynamoDbCalls(
  client: DynamoDBClient,
  options: { actions?: readonly string[] } = {},
): DynamoDbFaults {
  const failed: Record<string, number> = {};
  const name = `failDynamoDbCalls-${String(Math.random()).slice(2)}`;
  client.middlewareStack.add(
    (next, context) => (args) => {
      const action = (context.commandName ?? "").replace(/Command$/, "");
      if (options.actions && !options.actions.includes(action)) return next(args);
      failed[action] = (failed[action] ?? 0) + 1;
      throw new InternalServerError({
        message: `Injected fault: ${action} failed`,
        $metadata: { httpStatusCode: 500 },
      });
    },
    { step: "initialize", name, priority: "high" },
  );
  return {
    failed,
    stop() {
      client.middlewareStack.remove(name);
    },
  };
}
