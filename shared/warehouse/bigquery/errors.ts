import { StorageError } from '../../errors';

const RETRIABLE_REASONS = new Set(['rateLimitExceeded', 'backendError', 'internalError']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND']);

interface ApiErrorLike {
  code?: number | string;
  errors?: { reason?: string; message?: string }[];
  message?: string;
}

/**
 * Wraps a BigQuery client failure: HTTP 429 and 5xx, the reasons rateLimitExceeded, backendError
 * and internalError (https://cloud.google.com/bigquery/docs/error-messages), a concurrent-update
 * abort, and connection failures are retriable; anything else (invalid query, not found, access
 * denied, schema mismatch) is terminal.
 */
export function bigQueryError(operation: string, error: unknown, context: Record<string, unknown> = {}): StorageError {
  if (error instanceof StorageError) return error;
  const api = (typeof error === 'object' && error !== null ? error : {}) as ApiErrorLike;
  const status = typeof api.code === 'number' ? api.code : undefined;
  const reasons = (api.errors ?? []).map((e) => e.reason).filter((r): r is string => typeof r === 'string');
  const message = api.message ?? String(error);
  const retriable =
    (status !== undefined && (status === 429 || status >= 500)) ||
    reasons.some((reason) => RETRIABLE_REASONS.has(reason)) ||
    (typeof api.code === 'string' && NETWORK_CODES.has(api.code)) ||
    /concurrent update|socket hang up/i.test(message);
  return new StorageError(`BigQuery ${operation} failed: ${message}`, {
    retriable,
    cause: error,
    context: { backend: 'bigquery', operation, status, reasons, ...context },
  });
}
