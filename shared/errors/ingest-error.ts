/**
 * The one error type of the platform, in the manner of kafkajs's KafkaJSError: every failure says
 * whether trying again can help (`retriable`) and keeps what caused it (`cause`). The retry helper
 * reads only `retriable`; a run ledger records `name` and `retriable`.
 */
export interface IngestErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  /** Small, secret-free facts that help a human (ids, object keys, statuses). */
  context?: Record<string, unknown>;
}

export class IngestError extends Error {
  readonly retriable: boolean;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(message: string, options: IngestErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
    this.context = Object.freeze({ ...(options.context ?? {}) });
  }
}

/** A setting is missing or malformed: a human must fix the environment. Never retriable. */
export class ConfigError extends IngestError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[]) {
    super(message, { retriable: false, context: { issues } });
    this.issues = issues;
  }
}

/** A storage adapter (lake, warehouse, stream) failed; retriable when the backend said so. */
export class StorageError extends IngestError {}

/** True when `error` is an IngestError that asks to be retried; anything else (TypeError, RangeError, ...) is terminal. */
export function isRetriable(error: unknown): boolean {
  return error instanceof IngestError && error.retriable;
}
