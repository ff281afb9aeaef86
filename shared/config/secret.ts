/** What every redacted value prints as, in config dumps and log lines alike. */
export const REDACTED = '[REDACTED]';

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

/**
 * A secret setting (API key, token). The value lives in a private field, so `String()`, template
 * literals, `JSON.stringify`, `util.inspect`/`console.log` and structured logging all print
 * `[REDACTED]`; only an explicit `.reveal()` at the point of use (an auth header) yields the value.
 * Typing secrets as `Secret` rather than `string` makes every reveal visible in review.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The real value. Call it only where the value leaves the process (a request header). */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [inspectCustom](): string {
    return REDACTED;
  }
}

/** True for a `Secret` instance. */
export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
