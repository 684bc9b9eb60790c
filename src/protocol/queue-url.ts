/**
 * What a queue URL says about its queue, decided here only. SQS queue URLs end in the queue's
 * name (`https://sqs.<region>.amazonaws.com/<account>/<name>`; emulators follow the same shape).
 */

/** The queue's name: the URL's last path segment, as sqsd sends it in `X-Aws-Sqsd-Queue`. */
export function queueNameOf(queueUrl: string): string {
  const path = URL.canParse(queueUrl) ? new URL(queueUrl).pathname : queueUrl;
  const segments = path.split("/").filter((segment) => segment !== "");
  return segments.at(-1) ?? queueUrl;
}

/** FIFO queue names end in `.fifo` (SQS enforces it), so the URL tells the queue's kind. */
export function isFifoQueueUrl(queueUrl: string): boolean {
  return queueNameOf(queueUrl).endsWith(".fifo");
}
