/**
 * One DuckDB database per file per PROCESS, shared by every warehouse opened on that file.
 *
 * Why: two `DuckDBInstance`s on one file in one process do not see each other's writes and
 * overwrite each other's WAL (the OS file lock is per process, so DuckDB does not refuse the
 * second one). And two connections of one instance that run DDL at the same time abort with
 * "Catalog write-write conflict" (every pipeline run ensures `ingestion_runs`). So every warehouse
 * on a file leases the same instance, the same connection and the same SerialQueue: in one
 * process, one file has exactly one writer, as DuckDB wants. The lease is reference-counted, so
 * `close()` of one user (a dashboard request) leaves the others' database open; the last release
 * closes it. `:memory:` databases are never shared (each is a database of its own).
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { SerialQueue } from '../serial-queue';
import { CREATE_CATALOG } from './sql';

/** An open database: its instance, the one connection every user shares, and the queue that orders their work. */
export interface DuckDbHandle {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly queue: SerialQueue;
}

/** A user's share of a handle. `release()` is idempotent; the last release closes the database. */
export interface DuckDbLease extends DuckDbHandle {
  release(): Promise<void>;
}

interface Entry {
  handle: Promise<DuckDbHandle>;
  refs: number;
  /** Set while the last release closes the database; an acquire waits for it, then opens afresh. */
  closing?: Promise<void>;
}

/**
 * Opens a database file (or ':memory:') with its catalog table, creating the file's folder first
 * (a fresh clone has no `.data/`). Rejects with DuckDB's own error.
 */
export async function openDuckDbHandle(path: string): Promise<DuckDbHandle> {
  if (path !== ':memory:' && path !== '') await mkdir(dirname(resolve(path)), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  try {
    const connection = await instance.connect();
    await connection.run(CREATE_CATALOG);
    return { instance, connection, queue: new SerialQueue() };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

function closeHandle(handle: DuckDbHandle): Promise<void> {
  // Behind every task already queued by any user, so no statement runs on a closed connection.
  return handle.queue.run(async () => {
    handle.connection.closeSync();
    handle.instance.closeSync();
  });
}

/** Reference-counted handles by absolute file path. */
export class DuckDbInstanceCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly open: (path: string) => Promise<DuckDbHandle> = openDuckDbHandle) {}

  /**
   * A lease on the database at `path`, opening it if no user holds it. Rejects with DuckDB's error
   * when the file cannot be opened (e.g. another process holds its lock); nothing is cached then.
   */
  async acquire(path: string): Promise<DuckDbLease> {
    if (path === ':memory:' || path === '') {
      const handle = await this.open(path);
      return lease(handle, () => closeHandle(handle));
    }
    const key = resolve(path);
    for (;;) {
      const entry = this.entries.get(key);
      if (entry?.closing) {
        await entry.closing.catch(() => undefined);
        continue;
      }
      if (entry) {
        entry.refs += 1;
        try {
          return lease(await entry.handle, () => this.release(key, entry));
        } catch (error) {
          entry.refs -= 1;
          throw error;
        }
      }
      const created: Entry = { handle: this.open(key), refs: 1 };
      this.entries.set(key, created);
      try {
        return lease(await created.handle, () => this.release(key, created));
      } catch (error) {
        if (this.entries.get(key) === created) this.entries.delete(key);
        throw error;
      }
    }
  }

  /** Paths with an open database and their user counts (for tests and diagnostics). */
  openPaths(): ReadonlyMap<string, number> {
    return new Map(
      [...this.entries].filter(([, entry]) => entry.closing === undefined).map(([key, entry]) => [key, entry.refs]),
    );
  }

  private async release(key: string, entry: Entry): Promise<void> {
    entry.refs -= 1;
    if (entry.refs > 0) return;
    entry.closing = entry.handle.then(closeHandle);
    try {
      await entry.closing;
    } finally {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    }
  }
}

function lease(handle: DuckDbHandle, release: () => Promise<void>): DuckDbLease {
  let released: Promise<void> | undefined;
  return { ...handle, release: () => (released ??= release()) };
}

/**
 * The process's cache. A deliberate module-level instance (docs/conventions.md avoids them): DuckDB's rule is
 * "one database object per file per process", so the registry of open files has the process's
 * scope, like the OS lock it stands for. Tests that need isolation pass their own cache.
 */
export const PROCESS_DUCKDB_CACHE = new DuckDbInstanceCache();
