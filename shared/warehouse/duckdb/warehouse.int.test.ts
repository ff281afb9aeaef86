/**
 * The warehouse contract against a real DuckDB database file (the embedded default), one file per test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWarehouseContract } from '../../testing/contracts/warehouse';
import { createDuckDbWarehouse } from './warehouse';

const dir = mkdtempSync(join(tmpdir(), 'warehouse-duckdb-'));
let seq = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWarehouseContract(
  `warehouse contract: DuckDB file-backed (@duckdb/node-api) under ${dir}`,
  () => createDuckDbWarehouse({ path: join(dir, `warehouse-${(seq += 1)}.duckdb`) }),
  { onTiming: (label, ms) => console.info(`[duckdb] ${label}: ${ms} ms`) },
);

describe('DuckDB warehouse specifics', () => {
  it('keeps tables and rows across a reopen of the same file', async () => {
    const path = join(dir, 'reopen.duckdb');
    const { pricesDaily } = await import('../tables');
    const first = await createDuckDbWarehouse({ path });
    await first.ensureTables([pricesDaily]);
    await first.merge(pricesDaily, [
      { ticker: 'AAA', date: '2024-01-02', close: 1, source: 's', ingested_at: new Date() },
    ]);
    await first.close();
    await first.close();

    const second = await createDuckDbWarehouse({ path });
    try {
      expect(await second.query(`SELECT ticker, date, close FROM ${second.tableRef('prices_daily')}`)).toEqual([
        { ticker: 'AAA', date: '2024-01-02', close: 1 },
      ]);
      expect((await second.tableMetadata('prices_daily')).partitioning).toEqual({ type: 'DAY', field: 'date' });
    } finally {
      await second.close();
    }
    await expect(second.query('SELECT 1')).rejects.toThrow(/closed/);
  });
});
