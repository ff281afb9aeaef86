import { Readable } from 'node:stream';
import type { LakeSource } from './types';

/**
 * Marks an error thrown by the caller's source (not by the backend), so adapters rethrow it
 * unchanged instead of wrapping it as a StorageError.
 */
export class SourceFailure {
  constructor(readonly error: unknown) {}
}

function toBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError(`lake sources must yield Buffer, Uint8Array or string chunks, got ${typeof chunk}`);
}

/**
 * Iterates a LakeSource as Buffers. Whatever the source throws (including a bad chunk type) comes
 * out wrapped in SourceFailure, so the writer can tell "the caller's data failed" from "we failed".
 */
export async function* sourceChunks(source: LakeSource): AsyncGenerator<Buffer> {
  const iterable = source as AsyncIterable<unknown>;
  if (typeof iterable[Symbol.asyncIterator] !== 'function') {
    throw new SourceFailure(new TypeError('lake source must be an async iterable or a readable stream'));
  }
  const iterator = iterable[Symbol.asyncIterator]();
  let finished = false;
  try {
    for (;;) {
      let buffer: Buffer;
      try {
        const step = await iterator.next();
        if (step.done) {
          finished = true;
          return;
        }
        buffer = toBuffer(step.value);
      } catch (error) {
        finished = true;
        throw new SourceFailure(error);
      }
      yield buffer;
    }
  } finally {
    // The writer gave up early (backend failure): let the source release what it holds
    // (a Node stream's iterator destroys the stream on return).
    if (!finished) await iterator.return?.().catch(() => undefined);
  }
}

/**
 * A byte stream (not object mode) over `chunks`, with any error passed through `mapError` before
 * the stream emits it, so readers see LakeObjectNotFound / StorageError rather than raw backend errors.
 */
export function mappedReadable(chunks: () => AsyncIterable<Buffer>, mapError: (error: unknown) => Error): Readable {
  async function* run(): AsyncGenerator<Buffer> {
    try {
      yield* chunks();
    } catch (error) {
      throw mapError(error);
    }
  }
  return Readable.from(run(), { objectMode: false });
}
