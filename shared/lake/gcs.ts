/**
 * The lake in a Cloud Storage bucket (@google-cloud/storage 7). Works unchanged against
 * fake-gcs-server: pass its URL as `apiEndpoint` (we never rely on STORAGE_EMULATOR_HOST).
 *
 * Atomicity: a GCS object appears only when its upload finalises, and a finalised object replaces
 * the previous one whole, so concurrent writers to one key end with one complete object (the last
 * to finalise). `put` sends its buffer in one request (`resumable: false`). `putStream` uses a
 * resumable session sent in fixed-size chunks: the session finalises only with the last chunk,
 * after the source has ended, so a source that fails half way leaves an unfinalised session (GCS
 * discards it after a week) and no object. A single streamed multipart request would be lighter,
 * but @google-cloud/storage 7 cannot abort it: when the source fails, the request stays open with
 * a body that never ends (the object is not created, but the socket hangs until the server
 * times it out), which measured as a ~1 minute stall against fake-gcs-server.
 */
import { Storage, type File } from '@google-cloud/storage';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Logger } from '../log/types';
import { SourceFailure, mappedReadable, sourceChunks } from './chunks';
import { assertValidKey, assertValidPrefix } from './key';
import { gcsError } from './gcs-errors';
import type { Lake, LakeObjectInfo, LakeSource, PutOptions, PutResult } from './types';

/** Options for createGcsLake. */
export interface GcsLakeOptions {
  bucket: string;
  /** Always passed to the client so it never asks a metadata server who it is. */
  projectId: string;
  /**
   * Storage API base URL, e.g. `http://127.0.0.1:4443` for fake-gcs-server; unset means
   * https://storage.googleapis.com. The client skips authentication for a non-Google endpoint.
   */
  apiEndpoint?: string;
  /** A ready client (tests, custom credentials); when given, projectId/apiEndpoint only label logs. */
  storage?: Storage;
  /**
   * Bytes per request of a streamed upload, a multiple of 256 KiB (GCS rule). This much of a stream
   * is held in memory at a time. Default 8 MiB.
   */
  uploadChunkBytes?: number;
  /** Objects per list page (1-1000). */
  listPageSize?: number;
  log?: Logger;
}

/** A Lake over a bucket, plus `ensureBucket` for local and test set-up. */
export interface GcsLake extends Lake {
  readonly kind: 'gcs';
  readonly bucketName: string;
  /** Creates the bucket if it does not exist (idempotent, tolerates a concurrent create). Not for production: the bucket belongs to CDKTF. */
  ensureBucket(): Promise<void>;
}

/** Creates a Lake over `options.bucket`. No request is made until the first call. */
export function createGcsLake(options: GcsLakeOptions): GcsLake {
  const storage =
    options.storage ??
    new Storage({ projectId: options.projectId, ...(options.apiEndpoint ? { apiEndpoint: options.apiEndpoint } : {}) });
  const bucket = storage.bucket(options.bucket);
  const endpoint = options.apiEndpoint ?? 'https://storage.googleapis.com';
  const pageSize = options.listPageSize ?? 1000;
  const chunkSize = options.uploadChunkBytes ?? 8 * 1024 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize <= 0 || chunkSize % (256 * 1024) !== 0) {
    throw new RangeError(`uploadChunkBytes must be a positive multiple of 262144, got ${chunkSize}`);
  }
  const fileOf = (key: string): File => bucket.file(assertValidKey(key));

  async function uploadStream(
    key: string,
    chunks: AsyncIterable<Buffer>,
    opts: PutOptions | undefined,
  ): Promise<PutResult> {
    const file = fileOf(key);
    let size = 0;
    const counted = Readable.from(
      (async function* count() {
        for await (const chunk of chunks) {
          size += chunk.length;
          yield chunk;
        }
      })(),
      { objectMode: false },
    );
    try {
      await pipeline(
        counted,
        file.createWriteStream({
          resumable: true,
          chunkSize,
          // Unset lets the client pick a type from the key's extension. gzip stays off: a stored
          // Content-Encoding: gzip would make GCS decompress .jsonl.gz objects on download.
          ...(opts?.contentType ? { contentType: opts.contentType } : {}),
          gzip: false,
          // Hash validation makes the client delete an object whose stored bytes differ from what we sent.
          validation: 'crc32c',
        }),
      );
    } catch (error) {
      if (error instanceof SourceFailure) throw error.error;
      throw gcsError('put', key, error);
    }
    options.log?.debug('lake object written', { backend: 'gcs', bucket: options.bucket, key, size });
    return { key, size };
  }

  async function* list(prefix: string): AsyncGenerator<LakeObjectInfo> {
    let pageToken: string | undefined;
    do {
      let files: File[];
      let next: { pageToken?: string } | null | undefined;
      try {
        [files, next] = await bucket.getFiles({
          prefix,
          autoPaginate: false,
          maxResults: pageSize,
          ...(pageToken ? { pageToken } : {}),
        });
      } catch (error) {
        throw gcsError('list', prefix, error);
      }
      for (const file of files) {
        yield {
          key: file.name,
          size: Number(file.metadata.size ?? 0),
          updated: new Date(String(file.metadata.updated ?? file.metadata.timeCreated ?? 0)),
        };
      }
      pageToken = next?.pageToken;
    } while (pageToken);
  }

  return {
    kind: 'gcs',
    bucketName: options.bucket,
    describe: () => `gcs gs://${options.bucket} (${endpoint})`,

    async put(key, body, opts) {
      const file = fileOf(key);
      const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      try {
        await file.save(buffer, {
          resumable: false,
          ...(opts?.contentType ? { contentType: opts.contentType } : {}),
          gzip: false,
          validation: 'crc32c',
        });
      } catch (error) {
        throw gcsError('put', key, error);
      }
      options.log?.debug('lake object written', { backend: 'gcs', bucket: options.bucket, key, size: buffer.length });
      return { key, size: buffer.length };
    },

    putStream: async (key: string, source: LakeSource, opts?: PutOptions) => {
      assertValidKey(key);
      return uploadStream(key, sourceChunks(source), opts);
    },

    async get(key) {
      const file = fileOf(key);
      try {
        const [contents] = await file.download();
        return contents;
      } catch (error) {
        throw gcsError('get', key, error);
      }
    },

    getStream(key) {
      const file = fileOf(key);
      return mappedReadable(
        () => file.createReadStream() as AsyncIterable<Buffer>,
        (error) => gcsError('get', key, error),
      );
    },

    async exists(key) {
      const file = fileOf(key);
      try {
        const [found] = await file.exists();
        return found;
      } catch (error) {
        throw gcsError('exists', key, error);
      }
    },

    list(prefix) {
      return list(assertValidPrefix(prefix));
    },

    async delete(key) {
      const file = fileOf(key);
      try {
        await file.delete({ ignoreNotFound: true });
      } catch (error) {
        throw gcsError('delete', key, error);
      }
    },

    async ensureBucket() {
      try {
        const [found] = await bucket.exists();
        if (!found) await storage.createBucket(options.bucket);
      } catch (error) {
        // 409: someone created it between our check and our create, which is what we wanted.
        if ((error as { code?: unknown }).code === 409) return;
        throw gcsError('ensureBucket', options.bucket, error);
      }
    },
  };
}
