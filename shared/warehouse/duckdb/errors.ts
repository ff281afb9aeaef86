import { StorageError } from '../../errors';

/**
 * Wraps a DuckDB failure. Lock and transaction-conflict errors can pass once the other writer is
 * done, so they are retriable; everything else (parser, binder, catalog, constraint, conversion)
 * would fail the same way again and is terminal.
 */
export function duckDbError(operation: string, error: unknown, context: Record<string, unknown> = {}): StorageError {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const retriable = /Could not set lock|Conflict on|TransactionContext Error|database is locked/i.test(message);
  return new StorageError(`DuckDB ${operation} failed: ${message}`, {
    retriable,
    cause: error,
    context: { backend: 'duckdb', operation, ...context },
  });
}
