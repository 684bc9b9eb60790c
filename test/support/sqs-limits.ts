/**
 * Enforces AWS's documented SQS limits that fauxqs 1.9.2 does not, as a client middleware, so a
 * test fails where AWS would:
 *
 * - at most 10 message attributes per message ("Number of message attributes [11] exceeds the
 *   allowed maximum [10]."), which fauxqs accepts;
 * - a message (body + attribute names, types and values, in UTF-8 bytes) no larger than the
 *   queue's MaximumMessageSize: 256 KiB on queues created before the 1 MiB raise, 1 MiB now;
 * - a batch of at most 10 entries, and at most 1 MiB for all its messages together.
 *
 *   enforceSqsLimits(client, { maxMessageBytes: 256 * 1024 });
 */
import {
  BatchRequestTooLong,
  SQSServiceException,
  TooManyEntriesInBatchRequest,
  type MessageAttributeValue,
  type SQSClient,
} from "@aws-sdk/client-sqs";

export const SQS_MAX_ATTRIBUTES = 10;
export const SQS_MAX_BATCH_ENTRIES = 10;
export const SQS_MAX_BATCH_BYTES = 1024 * 1024;

export interface SqsLimitOptions {
  /** The queue's MaximumMessageSize. @default 1 MiB (1048576), AWS's default since 2025 */
  maxMessageBytes?: number;
}

interface MessageShape {
  MessageBody?: string | undefined;
  MessageAttributes?: Record<string, MessageAttributeValue> | undefined;
}

/** SQS's own count: the body plus each attribute's name, type and value, in UTF-8 bytes. */
export function sqsMessageBytes(message: MessageShape): number {
  let bytes = Buffer.byteLength(message.MessageBody ?? "");
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? "");
    bytes += Buffer.byteLength(value.StringValue ?? "") + (value.BinaryValue?.byteLength ?? 0);
  }
  return bytes;
}

function invalidParameter(message: string): SQSServiceException {
  return new SQSServiceException({
    name: "InvalidParameterValue",
    message,
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/** The reason AWS refuses this message, or undefined when it fits. */
function refusal(message: MessageShape, maxMessageBytes: number): string | undefined {
  const attributes = Object.keys(message.MessageAttributes ?? {}).length;
  if (attributes > SQS_MAX_ATTRIBUTES) {
    return `Number of message attributes [${attributes}] exceeds the allowed maximum [${SQS_MAX_ATTRIBUTES}].`;
  }
  if (sqsMessageBytes(message) > maxMessageBytes) {
    return `One or more parameters are invalid. Reason: Message must be shorter than ${maxMessageBytes} bytes.`;
  }
  return undefined;
}

export function enforceSqsLimits(client: SQSClient, options: SqsLimitOptions = {}): void {
  const maxMessageBytes = options.maxMessageBytes ?? 1024 * 1024;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const action = (context.commandName ?? "").replace(/Command$/, "");
      const input = args.input as MessageShape & {
        Entries?: (MessageShape & { Id?: string })[];
      };
      if (action === "SendMessage") {
        const reason = refusal(input, maxMessageBytes);
        if (reason) throw invalidParameter(reason);
        return next(args);
      }
      if (!action.endsWith("Batch")) return next(args);
      const entries = input.Entries ?? [];
      if (entries.length > SQS_MAX_BATCH_ENTRIES) {
        throw new TooManyEntriesInBatchRequest({
          message: `Maximum number of entries per request are ${SQS_MAX_BATCH_ENTRIES}. You have sent ${entries.length}.`,
          $metadata: { httpStatusCode: 400 },
        });
      }
      if (action !== "SendMessageBatch") return next(args);
      const total = entries.reduce((sum, entry) => sum + sqsMessageBytes(entry), 0);
      if (total > SQS_MAX_BATCH_BYTES) {
        throw new BatchRequestTooLong({
          message: `Batch requests cannot be longer than ${SQS_MAX_BATCH_BYTES} bytes. You have sent ${total} bytes.`,
          $metadata: { httpStatusCode: 400 },
        });
      }
      const refused = entries.flatMap((entry) => {
        const reason = refusal(entry, maxMessageBytes);
        return reason
          ? [
              {
                Id: entry.Id ?? "",
                SenderFault: true,
                Code: "InvalidParameterValue",
                Message: reason,
              },
            ]
          : [];
      });
      if (refused.length === 0) return next(args);
      const refusedIds = new Set(refused.map((entry) => entry.Id));
      const kept = entries.filter((entry) => !refusedIds.has(entry.Id ?? ""));
      if (kept.length === 0)
        return {
          output: { $metadata: {}, Successful: [], Failed: refused } as never,
          response: {},
        };
      const result = await next({ ...args, input: { ...input, Entries: kept } as never });
      const output = result.output as { Failed?: unknown[] };
      return {
        ...result,
        output: { ...output, Failed: [...(output.Failed ?? []), ...refused] } as never,
      };
    },
    { step: "initialize", name: "enforceSqsLimits", priority: "high" },
  );
}
