import { ExplainedError } from "../errors.js";

/**
 * `sqs-worker make` could not do what was asked. A "refused" request broke a rule (a malformed
 * or taken name, a bad schedule): the CLI reports it as a usage error. A "failed" one met a
 * project it cannot edit safely (a registry file in another shape): nothing was written.
 */
export class ScaffoldError extends ExplainedError {
  override name = "ScaffoldError";
  constructor(
    message: string,
    readonly kind: "refused" | "failed" = "failed",
  ) {
    super(message);
  }
}
