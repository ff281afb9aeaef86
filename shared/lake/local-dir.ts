/**
 * The lake as a local directory: the embedded default and the laptop twin of the bucket. Object
 * `a/b/c.parquet` is file `<root>/a/b/c.parquet`, so the directory tree has the bucket's layout.
 *
 * Atomicity: every write goes to `<dir>/.tmp-<random>` in the target's own directory (same
 * filesystem, so `rename` is atomic), is fsynced, and is then renamed over the final name. Readers
 * see the old object or the new one, never a mix; a failed write removes its temp file. Dot names are
 * never valid keys (key.ts), so `list` can skip temp files without ever hiding an object.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { StorageError } from '../errors';
import type { Logger } from '../log/types';
import { SourceFailure, mappedReadable, sourceChunks } from './chunks';
import { LakeObjectNotFound } from './errors';
import { assertValidKey, assertValidPrefix, compareKeys } from './key';
import type { Lake, LakeObjectInfo, LakeSource, PutResult } from './types';

/** Options for createLocalDirLake. */
export interface LocalDirLakeOptions {
  /** Directory holding the lake; created on first write. Relative paths resolve against the cwd. */
  root: string;
  log?: Logger;
}

const READ_CHUNK_BYTES = 1 << 20;
// These codes come from the disk filling up or momentarily running out of descriptors: retry helps.
const TRANSIENT_CODES = new Set(['EAGAIN', 'EBUSY', 'EMFILE', 'ENFILE', 'ENOSPC', 'EINTR']);
const NOT_FOUND_CODES = new Set(['ENOENT', 'EISDIR', 'ENOTDIR']);

function codeOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function storageError(op: string, key: string, error: unknown): StorageError {
  if (error instanceof StorageError) return error;
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return new StorageError(`local lake ${op} ${key} failed: ${message}`, {
    retriable: code !== undefined && TRANSIENT_CODES.has(code),
    cause: error,
    context: { op, key, code },
  });
}

function readError(key: string, error: unknown): StorageError {
  const code = codeOf(error);
  return code && NOT_FOUND_CODES.has(code)
    ? new LakeObjectNotFound(key, { cause: error })
    : storageError('get', key, error);
}

/** Creates a Lake over the directory `options.root`. No I/O happens until the first call. */
export function createLocalDirLake(options: LocalDirLakeOptions): Lake {
  const root = path.resolve(options.root);
  const fileOf = (key: string): string => path.join(root, ...assertValidKey(key).split('/'));

  async function writeAtomically(key: string, chunks: AsyncIterable<Buffer>): Promise<PutResult> {
    const target = fileOf(key);
    const dir = path.dirname(target);
    // No key text in the temp name: a long final name plus a suffix could pass the 255-byte name limit.
    const temp = path.join(dir, `.tmp-${randomBytes(8).toString('hex')}`);
    let size = 0;
    let handle: fs.FileHandle | undefined;
    try {
      await fs.mkdir(dir, { recursive: true });
      handle = await fs.open(temp, 'wx');
      for await (const chunk of chunks) {
        // Awaiting each write is the backpressure: the source is pulled no faster than the disk takes it.
        await handle.write(chunk);
        size += chunk.length;
      }
      await handle.sync();
      await handle.close();
      handle = undefined;
      await fs.rename(temp, target);
    } catch (error) {
      await handle?.close().catch(() => undefined);
      await fs.rm(temp, { force: true }).catch(() => undefined);
      if (error instanceof SourceFailure) throw error.error;
      if (codeOf(error) === 'EISDIR' || codeOf(error) === 'ENOTDIR' || codeOf(error) === 'EEXIST') {
        throw new StorageError(
          `local lake put ${key} failed: a file and a folder would share a name (keys 'a' and 'a/b' cannot both exist on disk)`,
          { retriable: false, cause: error, context: { op: 'put', key, code: codeOf(error) } },
        );
      }
      throw storageError('put', key, error);
    }
    await syncDir(dir);
    options.log?.debug('lake object written', { backend: 'local', key, size });
    return { key, size };
  }

  async function* walk(dir: string, keyPrefix: string, nameFilter: string): AsyncGenerator<LakeObjectInfo> {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return;
      throw storageError('list', keyPrefix, error);
    }
    // Sorting a folder as "name/" makes a depth-first walk come out in whole-key byte order:
    // 'a-b' < 'a/x' because '-' < '/'.
    const visible = entries
      .filter((e) => !e.name.startsWith('.') && e.name.startsWith(nameFilter) && (e.isFile() || e.isDirectory()))
      .map((e) => ({ entry: e, sortKey: e.isDirectory() ? `${e.name}/` : e.name }))
      .sort((a, b) => compareKeys(a.sortKey, b.sortKey));
    for (const { entry } of visible) {
      const full = path.join(dir, entry.name);
      const key = keyPrefix + entry.name;
      if (entry.isDirectory()) {
        yield* walk(full, `${key}/`, '');
        continue;
      }
      try {
        const stat = await fs.stat(full);
        yield { key, size: stat.size, updated: new Date(stat.mtimeMs) };
      } catch (error) {
        // Deleted between readdir and stat: it is simply no longer there.
        if (codeOf(error) !== 'ENOENT') throw storageError('list', key, error);
      }
    }
  }

  return {
    kind: 'local',
    describe: () => `local dir ${root}`,

    put: async (key, body) => {
      assertValidKey(key);
      const buffer = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
      return writeAtomically(
        key,
        (async function* one() {
          yield buffer;
        })(),
      );
    },

    putStream: async (key: string, source: LakeSource) => {
      assertValidKey(key);
      return writeAtomically(key, sourceChunks(source));
    },

    async get(key) {
      const file = fileOf(key);
      try {
        return await fs.readFile(file);
      } catch (error) {
        throw readError(key, error);
      }
    },

    getStream(key): Readable {
      const file = fileOf(key);
      return mappedReadable(
        async function* read() {
          const handle = await fs.open(file, 'r');
          try {
            for (;;) {
              const buffer = Buffer.allocUnsafe(READ_CHUNK_BYTES);
              const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, null);
              if (bytesRead === 0) return;
              yield buffer.subarray(0, bytesRead);
            }
          } finally {
            await handle.close();
          }
        },
        (error) => readError(key, error),
      );
    },

    async exists(key) {
      const file = fileOf(key);
      try {
        return (await fs.stat(file)).isFile();
      } catch (error) {
        if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return false;
        throw storageError('exists', key, error);
      }
    },

    list(prefix) {
      assertValidPrefix(prefix);
      const slash = prefix.lastIndexOf('/');
      const folder = prefix.slice(0, slash + 1);
      const dir = folder === '' ? root : path.join(root, ...folder.slice(0, -1).split('/'));
      return walk(dir, folder, prefix.slice(slash + 1));
    },

    async delete(key) {
      const file = fileOf(key);
      try {
        const stat = await fs.stat(file);
        if (stat.isFile()) await fs.unlink(file);
      } catch (error) {
        if (codeOf(error) === 'ENOENT' || codeOf(error) === 'ENOTDIR') return;
        throw storageError('delete', key, error);
      }
    },
  };
}

// After a rename the new directory entry is durable only once the directory itself is synced.
// Some filesystems refuse to fsync a directory; the object is already visible, so that is not fatal.
async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close().catch(() => undefined);
}
