/**
 * The lake: one object-store interface with a Cloud Storage and a local-directory implementation
 * that produce the identical object layout (see paths.ts and docs/architecture.md, "The lake").
 *
 * Contract shared by every implementation (checked by shared/testing/contracts/lake.ts):
 * - Keys are `/`-separated, validated by `assertValidKey` (key.ts) before any I/O: a bad key makes
 *   the returned promise reject with LakeKeyError (getStream and list throw it synchronously).
 * - Writes are atomic: an object is visible whole or not at all; a write that fails half way leaves
 *   nothing behind, and writing an existing key replaces it (last complete writer wins).
 * - Reading a missing object fails with LakeObjectNotFound (terminal).
 * - Transient backend failures (429, 5xx, connection resets) surface as retriable StorageError;
 *   every other backend failure is a terminal StorageError.
 */
import type { Readable } from 'node:stream';

/** Which backend a Lake writes to, for logs and test titles. */
export type LakeKind = 'local' | 'gcs';

/** Options for a write. */
export interface PutOptions {
  /** MIME type recorded with the object (GCS metadata); the local lake ignores it. */
  contentType?: string;
}

/** What a write stored. */
export interface PutResult {
  key: string;
  /** Bytes written. */
  size: number;
}

/** One listed object. */
export interface LakeObjectInfo {
  key: string;
  /** Size in bytes. */
  size: number;
  /** Last write time as the backend records it. */
  updated: Date;
}

/**
 * A body arriving in pieces: any async iterable of bytes or UTF-8 strings, or a Node readable
 * stream. Chunks of any other type make the write fail with a TypeError.
 */
export type LakeSource = AsyncIterable<Buffer | Uint8Array | string> | NodeJS.ReadableStream;

export interface Lake {
  /** Backend in use. */
  readonly kind: LakeKind;

  /** One line naming the backend and where it writes, e.g. `gcs gs://bucket (http://127.0.0.1:4443)`. */
  describe(): string;

  /** Writes a whole body at `key` atomically, replacing any object already there. */
  put(key: string, body: Buffer | string, opts?: PutOptions): Promise<PutResult>;

  /**
   * Writes `source` at `key` without holding it in memory; the object becomes visible only once the
   * source has ended and the write is complete. If the source throws, its error is rethrown unchanged
   * and no object (and no partial temp data) is left; backend failures become StorageError.
   */
  putStream(key: string, source: LakeSource, opts?: PutOptions): Promise<PutResult>;

  /** Reads a whole object. Missing -> LakeObjectNotFound. */
  get(key: string): Promise<Buffer>;

  /**
   * Streams an object. The key is validated at once (LakeKeyError is thrown synchronously); a
   * missing object makes the stream emit LakeObjectNotFound as its error.
   */
  getStream(key: string): Readable;

  /** True when an object exists at exactly `key` (a "directory" of other keys is not an object). */
  exists(key: string): Promise<boolean>;

  /**
   * Every object whose key starts with `prefix` (plain string prefix, recursive; '' lists all),
   * sorted by key in UTF-8 byte order, as Cloud Storage lists them. A bad prefix throws
   * LakeKeyError synchronously.
   */
  list(prefix: string): AsyncIterable<LakeObjectInfo>;

  /** Removes the object at `key`; removing a missing object succeeds (idempotent). */
  delete(key: string): Promise<void>;
}
