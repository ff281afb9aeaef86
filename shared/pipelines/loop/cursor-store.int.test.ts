/**
 * The cursor store on both warehouses (DuckDB file, BigQuery through bigquery-emulator): the
 * latest row per scope is the cursor, and only those rows leave the warehouse however long the
 * history grows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEndpoints, uniqueName } from '../../../test/harness/endpoints';
import { createWarehouse, type Warehouse } from '../../warehouse';
import { pipelineCursors } from '../../warehouse/pipeline-tables';
import { createCursorStore } from './cursor-store';

jest.setTimeout(120_000);

const endpoints = testEndpoints();
const dir = mkdtempSync(join(tmpdir(), 'cursor-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const backends: [string, () => Promise<Warehouse>][] = [
  [
    'DuckDB file',
    () =>
      createWarehouse({
        backend: 'duckdb',
        duckdbPath: join(dir, `${uniqueName('c')}.duckdb`),
        dataset: 'unused',
        location: 'US',
      }),
  ],
  [
    `BigQuery via bigquery-emulator at ${endpoints.bigqueryApiEndpoint}`,
    () =>
      createWarehouse({
        backend: 'bigquery',
        duckdbPath: 'unused',
        projectId: endpoints.projectId,
        dataset: uniqueName('cursors'),
        location: 'US',
        apiEndpoint: endpoints.bigqueryApiEndpoint,
      }),
  ],
];

describe.each(backends)('cursor store on %s', (_name, open) => {
  it('loads the latest cursor of each scope, reading one row per scope however long the history', async () => {
    const warehouse = await open();
    try {
      await warehouse.ensureTables([pipelineCursors]);
      // Each query's rows are counted on their way out of the (real) warehouse.
      const returned: number[] = [];
      const counting: Warehouse = Object.assign(Object.create(warehouse) as Warehouse, {
        query: async (sql: string, params?: Record<string, unknown>) => {
          const rows = await warehouse.query(sql, params as never);
          returned.push(rows.length);
          return rows;
        },
      });
      let clock = Date.parse('2026-01-05T00:00:00Z');
      const store = createCursorStore<{ through: string }>(counting, 'prices', () => new Date((clock += 60_000)));
      const other = createCursorStore<{ through: string }>(counting, 'news', () => new Date((clock += 60_000)));
      for (let day = 1; day <= 6; day++) {
        await store.advance(
          [
            { scope: 'AAPL', cursor: { through: `2026-01-0${day}` } },
            { scope: 'MSFT', cursor: { through: `2026-01-0${day}` } },
          ],
          `run-${day}`,
        );
      }
      await store.advance([{ scope: 'KO', cursor: { through: '2026-01-03' } }], 'run-ko');
      await other.advance([{ scope: 'AAPL', cursor: { through: 'news' } }], 'run-news');

      returned.length = 0;
      const loaded = await store.load();
      expect(Object.fromEntries(loaded)).toEqual({
        AAPL: { through: '2026-01-06' },
        KO: { through: '2026-01-03' },
        MSFT: { through: '2026-01-06' },
      });
      // 14 rows of history for 'prices', 3 scopes: only the 3 latest are read.
      expect(returned).toEqual([3]);
      expect(Object.fromEntries(await other.load())).toEqual({ AAPL: { through: 'news' } });
    } finally {
      await warehouse.close();
    }
  });
});
