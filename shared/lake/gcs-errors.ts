import { StorageError } from '../errors';
import { LakeObjectNotFound } from './errors';

// Socket-level failures: the request may not have reached GCS at all, so trying again is safe.
const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

function statusOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'number') return code;
  if (typeof code === 'string' && /^\d{3}$/.test(code)) return Number(code);
  const status = (error as { response?: { status?: unknown } } | undefined)?.response?.status;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Maps a @google-cloud/storage failure to the lake's errors: 404 -> LakeObjectNotFound;
 * 408, 429, 5xx and socket errors -> retriable StorageError; anything else (400, 401, 403, 412 ...)
 * -> terminal StorageError. The status and key travel in `context`, never the client or its options.
 */
export function gcsError(op: string, key: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const status = statusOf(error);
  if (status === 404 && op === 'get') return new LakeObjectNotFound(key, { cause: error, context: { op, status } });
  const errno = (error as { code?: unknown } | undefined)?.code;
  const retriable =
    status === 408 ||
    status === 429 ||
    (status !== undefined && status >= 500) ||
    (typeof errno === 'string' && NETWORK_CODES.has(errno));
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(
    `gcs lake ${op} ${key} failed${status ? ` (HTTP ${status})` : ''}: ${message.slice(0, 300)}`,
    {
      retriable,
      cause: error,
      context: { op, key, status, code: typeof errno === 'string' ? errno : undefined },
    },
  );
}
