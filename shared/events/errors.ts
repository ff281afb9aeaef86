import { StorageError } from '../errors';

/** gRPC status codes for which publishing again can succeed (google-gax's own retry set, plus INTERNAL). */
const RETRIABLE_GRPC_CODES = new Set([
  4 /* DEADLINE_EXCEEDED */, 8 /* RESOURCE_EXHAUSTED */, 10 /* ABORTED */, 13 /* INTERNAL */, 14 /* UNAVAILABLE */,
]);

/** A publish failure as a StorageError; the gRPC `code` (when present) decides `retriable`. */
export function toEventError(error: unknown, message: string, context: Record<string, unknown>): StorageError {
  const code = (error as { code?: unknown } | null)?.code;
  const retriable =
    typeof code === 'number' ? RETRIABLE_GRPC_CODES.has(code) : (error as NodeJS.ErrnoException)?.code !== 'EACCES';
  return new StorageError(`${message}: ${(error as Error)?.message ?? String(error)}`, {
    retriable,
    cause: error,
    context: { ...context, grpcCode: code },
  });
}
