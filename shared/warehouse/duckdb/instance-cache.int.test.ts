/**
 * The per-process DuckDB cache against real database files: warehouses on one file share one
 * database (each sees the other's writes), DDL from several users at once never conflicts, one
 * user's close() leaves the others working, and the last close really closes the file.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TABLES, pricesDaily } from '../tables';
import { DuckDbInstanceCache } from './instance-cache';
import { createDuckDbWarehouse } from './warehouse';

const dir = mkdtempSync(join(tmpdir(), 'duckdb-cache-'));
let seq = 0;
const freshPath = () => join(dir, `db-${(seq += 1)}.duckdb`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('DuckDB instance cache', () => {
  it('shares one database between warehouses on the same file, and closes it with the last user', async () => {
    const cache = new DuckDbInstanceCache();
    const path = freshPath();
    const first = await createDuckDbWarehouse({ path, cache });
    const second = await createDuckDbWarehouse({ path: join(dir, '.', `db-${seq}.duckdb`), cache });
    expect([...cache.openPaths().values()]).toEqual([2]);

    await first.ensureTables([pricesDaily]);
    await first.merge(pricesDaily, [
      { ticker: 'AAA', date: '2024-01-02', close: 1, source: 's', ingested_at: new Date() },
    ]);
    expect(await second.query(`SELECT ticker, close FROM ${second.tableRef('prices_daily')}`)).toEqual([
      { ticker: 'AAA', close: 1 },
    ]);

    await first.close();
    await expect(first.query('SELECT 1')).rejects.toThrow(/closed/);
    await second.merge(pricesDaily, [
      { ticker: 'BBB', date: '2024-01-02', close: 2, source: 's', ingested_at: new Date() },
    ]);
    expect(await second.query(`SELECT count(*)::INTEGER AS n FROM ${second.tableRef('prices_daily')}`)).toEqual([
      { n: 2 },
    ]);
    await second.close();
    expect(cache.openPaths().size).toBe(0);

    // A fresh instance (another cache stands for "after the process let go") reads what was written.
    const reopened = await createDuckDbWarehouse({ path, cache: new DuckDbInstanceCache() });
    try {
      expect(await reopened.query(`SELECT count(*)::INTEGER AS n FROM ${reopened.tableRef('prices_daily')}`)).toEqual([
        { n: 2 },
      ]);
    } finally {
      await reopened.close();
    }
  });

  it('runs DDL and merges from several users at once without write-write conflicts', async () => {
    const cache = new DuckDbInstanceCache();
    const path = freshPath();
    const users = await Promise.all([1, 2, 3, 4].map(() => createDuckDbWarehouse({ path, cache })));
    try {
      // Without the shared connection, this fails with "Catalog write-write conflict on create".
      for (let round = 0; round < 3; round += 1) await Promise.all(users.map((user) => user.ensureTables(TABLES)));
      await Promise.all(
        users.map((user, i) =>
          user.merge(pricesDaily, [
            { ticker: `T${i}`, date: '2024-01-02', close: i, source: 's', ingested_at: new Date() },
          ]),
        ),
      );
      expect(await users[0]!.query(`SELECT count(*)::INTEGER AS n FROM ${users[0]!.tableRef('prices_daily')}`)).toEqual(
        [{ n: 4 }],
      );
    } finally {
      await Promise.all(users.map((user) => user.close()));
    }
    expect(cache.openPaths().size).toBe(0);
  });

  it('opens a new database when a user arrives while the last one is closing', async () => {
    const cache = new DuckDbInstanceCache();
    const path = freshPath();
    const only = await createDuckDbWarehouse({ path, cache });
    await only.ensureTables([pricesDaily]);
    const closing = only.close();
    const next = await createDuckDbWarehouse({ path, cache });
    await closing;
    try {
      expect((await next.tableMetadata('prices_daily')).rowCount).toBe(0);
    } finally {
      await next.close();
    }
  });

  it('never shares :memory: databases', async () => {
    const cache = new DuckDbInstanceCache();
    const a = await createDuckDbWarehouse({ path: ':memory:', cache });
    const b = await createDuckDbWarehouse({ path: ':memory:', cache });
    try {
      await a.ensureTables([pricesDaily]);
      await expect(b.tableMetadata('prices_daily')).rejects.toThrow(/does not exist/);
      expect(cache.openPaths().size).toBe(0);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('creates the missing folder of a database file (a fresh clone has no .data/)', async () => {
    const cache = new DuckDbInstanceCache();
    const warehouse = await createDuckDbWarehouse({ path: join(dir, 'not-yet', 'deeper', 'x.duckdb'), cache });
    try {
      expect(await warehouse.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    } finally {
      await warehouse.close();
    }
  });

  it('caches nothing when the file cannot be opened', async () => {
    const cache = new DuckDbInstanceCache();
    // A folder that cannot be made: its parent is a plain file.
    writeFileSync(join(dir, 'blocker'), 'not a folder');
    const path = join(dir, 'blocker', 'x.duckdb');
    await expect(createDuckDbWarehouse({ path, cache })).rejects.toThrow(/DuckDB open failed/);
    expect(cache.openPaths().size).toBe(0);
  });
});
