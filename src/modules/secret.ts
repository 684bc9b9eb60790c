/**
 * A setting's value that must never reach a log line or an error message (an API key). It prints
 * as `[redacted]` however it is logged (pino's JSON, util.inspect, a template string); only
 * `reveal()` gives the value, at the one place that sends it.
 */
import { inspect } from "node:util";

const REDACTED = "[redacted]";

export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}
