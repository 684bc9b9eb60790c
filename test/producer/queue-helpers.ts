/** Reading back what the producer sent, and counting the SQS calls it made. */
import { ReceiveMessageCommand, type Message, type SQSClient } from "@aws-sdk/client-sqs";

/** Receives everything visible now (no long poll), up to `limit` messages. */
export async function receiveAll(
  sqs: SQSClient,
  queueUrl: string,
  limit = 100,
): Promise<Message[]> {
  const received: Message[] = [];
  while (received.length < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        VisibilityTimeout: 60,
        MessageAttributeNames: ["All"],
        MessageSystemAttributeNames: ["All"],
      }),
    );
    if (Messages.length === 0) break;
    received.push(...Messages);
  }
  return received;
}

/** Records the name of every command the client sends, e.g. "SendMessageBatchCommand". */
export function recordCommands(sqs: SQSClient): string[] {
  const names: string[] = [];
  sqs.middlewareStack.add(
    (next, context) => (args) => {
      names.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize" },
  );
  return names;
}
