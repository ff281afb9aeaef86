import { KafkaJSError } from 'kafkajs';
import { IngestError, StorageError } from '../errors';

/**
 * A kafkajs failure as our StorageError, keeping kafkajs's own `retriable` flag and the error as
 * `cause`. One exception: KafkaJSNumberOfRetriesExceeded is marked terminal by kafkajs because ITS
 * retrier gave up, yet the failure underneath (a broker down, a leader moving) may pass; we copy
 * the flag of that underlying cause, as kafkajs's own consumer does when it decides to restart.
 * An IngestError passes through; anything else (TypeError, ...) is terminal.
 */
export function toStreamError(error: unknown, what: string, context: Record<string, unknown> = {}): IngestError {
  if (error instanceof IngestError) return error;
  if (!(error instanceof Error)) return new StorageError(`${what}: ${String(error)}`, { retriable: false, context });
  const kafka = error instanceof KafkaJSError ? error : undefined;
  const root = originalCause(error);
  let retriable = kafka?.retriable ?? false;
  if (kafka?.name === 'KafkaJSNumberOfRetriesExceeded') retriable = root.retriable === true;
  return new StorageError(`${what}: ${error.message}`, {
    retriable,
    cause: error,
    // `type` is the broker's error code name (e.g. UNKNOWN_TOPIC_OR_PARTITION) when there is one.
    context: { ...context, kafkaError: error.name, type: (error as { type?: unknown }).type ?? root.type },
  });
}

function originalCause(error: Error): { retriable?: unknown; type?: unknown } {
  let current: Error = error;
  while (current.cause instanceof Error) current = current.cause;
  return current as Error & { retriable?: unknown; type?: unknown };
}

/**
 * Thrown into kafkajs when a batch handler fails. Marked retriable so kafkajs's runner fetches the
 * (unresolved, uncommitted) batch again and, once its retries run out, restarts the consumer instead
 * of leaving it dead; a plain TypeError from a handler would otherwise kill the consumer for good.
 */
export class BatchHandlerError extends StorageError {
  constructor(cause: unknown, context: Record<string, unknown>) {
    super(`batch handler failed; the batch will be delivered again: ${cause instanceof Error ? cause.message : String(cause)}`, {
      retriable: true,
      cause,
      context,
    });
  }
}
