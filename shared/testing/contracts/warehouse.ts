/**
 * The warehouse contract, written once and run unchanged against every implementation (dlt's
 * destination tests in miniature). Each test gets a fresh warehouse from `makeWarehouse` (its own
 * DuckDB file or BigQuery dataset) and closes it afterwards. Uses jest globals: import it only
 * from *.test.ts files.
 */
import { StorageError } from '../../errors';
import { backfillSlices } from '../../warehouse/pipeline-tables';
import { TABLES, ingestionRuns, pricesDaily } from '../../warehouse/tables';
import type { TableDef, Warehouse, WarehouseRow } from '../../warehouse/types';

/** Options of `describeWarehouseContract`. */
export interface WarehouseContractOptions {
  /** Timeout of the 10,000-row test (a slow emulator needs more than jest's default). */
  bulkTimeoutMs?: number;
  /**
   * Whether the backend can add a column to an existing table. bigquery-emulator v0.8.1 cannot
   * (ALTER TABLE is a no-op there); for it the suite asserts that ensureTables says so with a
   * terminal error and leaves the table and its rows as they were.
   */
  addsColumns?: boolean;
  /** Receives the measured MERGE timings, e.g. to print them in the test output. */
  onTiming?: (label: string, ms: number) => void;
}

/** A table using every column type, each nullable except the key. */
export const contractTypesTable: TableDef = {
  name: 'contract_types',
  description: 'Every column type once; used by the warehouse contract suite only.',
  key: ['id'],
  partitionField: 'on_date',
  clustering: ['label', 'flag'],
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'Row id.' },
    { name: 'label', type: 'STRING', description: 'Text.' },
    { name: 'qty', type: 'INT64', description: 'Integer.' },
    { name: 'ratio', type: 'FLOAT64', description: 'Float.' },
    { name: 'amount', type: 'NUMERIC', description: 'Exact decimal.' },
    { name: 'flag', type: 'BOOL', description: 'Boolean.' },
    { name: 'on_date', type: 'DATE', description: 'Date.' },
    { name: 'seen_at', type: 'TIMESTAMP', description: 'Instant.' },
    { name: 'doc', type: 'JSON', description: 'JSON document.' },
  ],
};

const DAY_MS = 86_400_000;

/** `tickers` x `days` price bars starting 2022-01-03; `closeOffset` shifts every close. */
export function priceRows(tickers: number, days: number, closeOffset = 0): WarehouseRow[] {
  const rows: WarehouseRow[] = [];
  for (let d = 0; d < days; d += 1) {
    const date = new Date(Date.UTC(2022, 0, 3) + d * DAY_MS).toISOString().slice(0, 10);
    for (let t = 0; t < tickers; t += 1) {
      const close = 100 + t + d / 100 + closeOffset;
      rows.push({
        ticker: `T${String(t).padStart(4, '0')}`,
        date,
        open: close - 1,
        high: close + 2,
        low: close - 2,
        close,
        adj_close: close,
        volume: 1_000_000 + t * 1000 + d,
        source: 'contract',
        ingested_at: '2024-06-01T12:00:00.000Z',
      });
    }
  }
  return rows;
}

/** A finished backfill slice of ticker `T<i>` (odd tickers have a first day, even ones none). */
function finishedSlice(i: number): WarehouseRow {
  return {
    backfill_id: 'b1',
    slice_id: `T${i}:2022`,
    pipeline: 'prices',
    scope: `T${i}`,
    from_date: i % 2 === 1 ? '2022-01-01' : null,
    to_date: '2022-12-31',
    run_id: 'r1',
    records_valid: i,
    finished_at: '2024-06-01T12:00:00.000Z',
  };
}

async function countRows(warehouse: Warehouse, table: string): Promise<number> {
  const [row] = await warehouse.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${warehouse.tableRef(table)}`);
  return row!.n;
}

/**
 * Registers the contract suite under `describe(name)`. `makeWarehouse` must return a new, empty
 * warehouse each call.
 */
export function describeWarehouseContract(
  name: string,
  makeWarehouse: () => Promise<Warehouse>,
  options: WarehouseContractOptions = {},
): void {
  describe(name, () => {
    let warehouse: Warehouse;

    beforeEach(async () => {
      warehouse = await makeWarehouse();
      await warehouse.ensureTables([...TABLES, contractTypesTable]);
    });

    afterEach(async () => {
      await warehouse?.close();
    });

    it('ensureTables is idempotent and adds a missing nullable column without losing rows', async () => {
      await warehouse.ensureTables([...TABLES, contractTypesTable]);
      const before = await warehouse.tableMetadata('prices_daily');
      expect(before.columns).toEqual(
        pricesDaily.columns.map((c) => ({ name: c.name, type: c.type, required: c.required ?? false })),
      );

      await warehouse.merge(pricesDaily, priceRows(2, 1));
      const extended: TableDef = {
        ...pricesDaily,
        columns: [...pricesDaily.columns, { name: 'currency', type: 'STRING', description: 'Listing currency.' }],
      };
      const rowsNow = () => warehouse.query(`SELECT ticker FROM ${warehouse.tableRef('prices_daily')} ORDER BY ticker`);

      if (options.addsColumns === false) {
        await expect(warehouse.ensureTables([extended])).rejects.toMatchObject({
          name: 'StorageError',
          retriable: false,
          message: expect.stringMatching(/did not add columns currency/),
        });
        expect((await warehouse.tableMetadata('prices_daily')).columns).toEqual(before.columns);
        expect(await rowsNow()).toEqual([{ ticker: 'T0000' }, { ticker: 'T0001' }]);
        return;
      }
      await warehouse.ensureTables([extended]);
      await warehouse.ensureTables([extended]);

      const after = await warehouse.tableMetadata('prices_daily');
      expect(after.columns.map((c) => c.name)).toEqual([...pricesDaily.columns.map((c) => c.name), 'currency']);
      expect(after.columns.at(-1)).toEqual({ name: 'currency', type: 'STRING', required: false });
      const rows = await warehouse.query<{ ticker: string; currency: string | null }>(
        `SELECT ticker, currency FROM ${warehouse.tableRef('prices_daily')} ORDER BY ticker`,
      );
      expect(rows).toEqual([
        { ticker: 'T0000', currency: null },
        { ticker: 'T0001', currency: null },
      ]);
    });

    it(
      'MERGE of the same 10,000 rows twice leaves exactly 10,000 rows',
      async () => {
        const rows = priceRows(100, 100);
        expect(rows).toHaveLength(10_000);

        let started = Date.now();
        const first = await warehouse.merge(pricesDaily, rows);
        options.onTiming?.('first 10k MERGE (all inserts)', Date.now() - started);
        expect(first).toEqual({ inserted: 10_000, updated: 0 });
        expect(await countRows(warehouse, 'prices_daily')).toBe(10_000);

        started = Date.now();
        const second = await warehouse.merge(pricesDaily, rows);
        options.onTiming?.('second 10k MERGE (all matched)', Date.now() - started);
        expect(second).toEqual({ inserted: 0, updated: 10_000 });
        expect(await countRows(warehouse, 'prices_daily')).toBe(10_000);

        const [distinct] = await warehouse.query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM (SELECT ticker, date FROM ${warehouse.tableRef('prices_daily')} GROUP BY ticker, date)`,
        );
        expect(distinct!.n).toBe(10_000);
      },
      options.bulkTimeoutMs,
    );

    it('a changed row is updated in place and a new key is inserted', async () => {
      await warehouse.merge(pricesDaily, priceRows(3, 2));
      const changed: WarehouseRow = { ...priceRows(3, 2)[1]!, close: 999.5, volume: 42, source: 'corrected' };
      const fresh = priceRows(4, 1)[3]!;
      const result = await warehouse.merge(pricesDaily, [changed, fresh]);

      expect(result).toEqual({ inserted: 1, updated: 1 });
      expect(await countRows(warehouse, 'prices_daily')).toBe(7);
      const rows = await warehouse.query(
        `SELECT ticker, date, close, volume, source FROM ${warehouse.tableRef('prices_daily')} WHERE ticker = @ticker ORDER BY date`,
        { ticker: changed.ticker },
      );
      expect(rows).toEqual([
        { ticker: 'T0001', date: '2022-01-03', close: 999.5, volume: 42, source: 'corrected' },
        { ticker: 'T0001', date: '2022-01-04', close: 101.01, volume: 1_001_001, source: 'contract' },
      ]);
    });

    it('composite keys: a row is identified by every key column together', async () => {
      const base = priceRows(1, 1)[0]!;
      await warehouse.merge(pricesDaily, [
        { ...base, ticker: 'AAA', date: '2024-01-02', close: 1 },
        { ...base, ticker: 'AAA', date: '2024-01-03', close: 2 },
        { ...base, ticker: 'BBB', date: '2024-01-02', close: 3 },
      ]);
      const result = await warehouse.merge(pricesDaily, [{ ...base, ticker: 'AAA', date: '2024-01-03', close: 20 }]);

      expect(result).toEqual({ inserted: 0, updated: 1 });
      const rows = await warehouse.query(
        `SELECT ticker, date, close FROM ${warehouse.tableRef('prices_daily')} ORDER BY ticker, date`,
      );
      expect(rows).toEqual([
        { ticker: 'AAA', date: '2024-01-02', close: 1 },
        { ticker: 'AAA', date: '2024-01-03', close: 20 },
        { ticker: 'BBB', date: '2024-01-02', close: 3 },
      ]);
    });

    it('a batch holding one key twice is rejected as terminal and changes nothing', async () => {
      expect.assertions(4);
      const [row] = priceRows(1, 1);
      try {
        await warehouse.merge(pricesDaily, [row!, { ...row!, close: 1 }]);
      } catch (error) {
        expect(error).toBeInstanceOf(StorageError);
        expect((error as StorageError).retriable).toBe(false);
        expect((error as Error).message).toMatch(/rows 0 and 1 share the natural key \(ticker, date\)/);
      }
      expect(await countRows(warehouse, 'prices_daily')).toBe(0);
    });

    it('append adds every row as given next to those already there', async () => {
      await warehouse.ensureTables([backfillSlices]);
      // 250 rows: more than one INSERT statement on BigQuery.
      await warehouse.append(
        backfillSlices,
        Array.from({ length: 250 }, (_, i) => finishedSlice(i)),
      );
      await warehouse.append(backfillSlices, [finishedSlice(250)]);
      await warehouse.append(backfillSlices, []);
      expect(await countRows(warehouse, 'backfill_slices')).toBe(251);
      const rows = await warehouse.query(
        `SELECT slice_id, from_date, to_date, records_valid, finished_at FROM ${warehouse.tableRef('backfill_slices')} WHERE scope IN ('T1', 'T2', 'T250') ORDER BY records_valid`,
      );
      expect(rows).toEqual([
        {
          slice_id: 'T1:2022',
          from_date: '2022-01-01',
          to_date: '2022-12-31',
          records_valid: 1,
          finished_at: '2024-06-01T12:00:00.000Z',
        },
        {
          slice_id: 'T2:2022',
          from_date: null,
          to_date: '2022-12-31',
          records_valid: 2,
          finished_at: '2024-06-01T12:00:00.000Z',
        },
        {
          slice_id: 'T250:2022',
          from_date: null,
          to_date: '2022-12-31',
          records_valid: 250,
          finished_at: '2024-06-01T12:00:00.000Z',
        },
      ]);
    });

    it('append checks the whole batch first: one bad row adds nothing', async () => {
      expect.assertions(4);
      await warehouse.ensureTables([backfillSlices]);
      const rows: WarehouseRow[] = Array.from({ length: 200 }, (_, i) => finishedSlice(i));
      rows[150] = { ...finishedSlice(150), run_id: null };
      try {
        await warehouse.append(backfillSlices, rows);
      } catch (error) {
        expect(error).toBeInstanceOf(StorageError);
        expect((error as StorageError).retriable).toBe(false);
        expect((error as Error).message).toMatch(/row 150 has no value for required column 'run_id'/);
      }
      expect(await countRows(warehouse, 'backfill_slices')).toBe(0);
    });

    it('nulls round-trip in every nullable column type', async () => {
      await warehouse.merge(contractTypesTable, [{ id: 'all-null' }]);
      const rows = await warehouse.query(
        `SELECT id, label, qty, ratio, amount, flag, on_date, seen_at, doc FROM ${warehouse.tableRef('contract_types')}`,
      );
      expect(rows).toEqual([
        {
          id: 'all-null',
          label: null,
          qty: null,
          ratio: null,
          amount: null,
          flag: null,
          on_date: null,
          seen_at: null,
          doc: null,
        },
      ]);
    });

    it('dates, timestamps and the other types round-trip as plain JS', async () => {
      await warehouse.merge(contractTypesTable, [
        {
          id: 'a',
          label: 'it\'s "quoted"\nand multi-line',
          qty: '9007199254740993',
          ratio: 0.1,
          amount: '12345.678',
          flag: true,
          on_date: '2024-02-29',
          seen_at: '2024-03-10T10:00:00.123+02:00',
          doc: { cursor: { since: '2024-01-01' }, pages: [1, 2] },
        },
        {
          id: 'b',
          qty: -5,
          ratio: -2.5e-7,
          amount: 3,
          flag: false,
          on_date: '1999-12-31',
          seen_at: new Date(Date.UTC(2024, 0, 1, 23, 59, 59, 999)),
          doc: 'text',
        },
      ]);
      const rows = await warehouse.query(
        `SELECT id, label, qty, ratio, amount, flag, on_date, seen_at, doc FROM ${warehouse.tableRef('contract_types')} ORDER BY id`,
      );
      expect(rows).toEqual([
        {
          id: 'a',
          label: 'it\'s "quoted"\nand multi-line',
          qty: '9007199254740993',
          ratio: 0.1,
          amount: '12345.678',
          flag: true,
          on_date: '2024-02-29',
          seen_at: '2024-03-10T08:00:00.123Z',
          doc: { cursor: { since: '2024-01-01' }, pages: [1, 2] },
        },
        {
          id: 'b',
          label: null,
          qty: -5,
          ratio: -2.5e-7,
          amount: '3',
          flag: false,
          on_date: '1999-12-31',
          seen_at: '2024-01-01T23:59:59.999Z',
          doc: 'text',
        },
      ]);
    });

    it('query binds @named parameters of every scalar kind', async () => {
      await warehouse.merge(pricesDaily, priceRows(3, 5));
      const rows = await warehouse.query(
        `SELECT ticker, date, volume FROM ${warehouse.tableRef('prices_daily')}
         WHERE ticker IN (@a, @b) AND date >= CAST(@from AS DATE) AND volume > @minVolume AND close > @minClose
           AND ingested_at < @before AND (@flag OR FALSE)
         ORDER BY ticker, date`,
        {
          a: 'T0000',
          b: 'T0002',
          from: '2022-01-06',
          minVolume: 1_000_004,
          minClose: 1.5,
          before: new Date('2025-01-01T00:00:00Z'),
          flag: true,
        },
      );
      expect(rows).toEqual([
        { ticker: 'T0002', date: '2022-01-06', volume: 1_002_003 },
        { ticker: 'T0002', date: '2022-01-07', volume: 1_002_004 },
      ]);
      const [literal] = await warehouse.query(`SELECT '@not_a_param' AS text, @n AS n, @missing AS missing`, {
        n: 7,
        missing: null,
      });
      expect(literal).toEqual({ text: '@not_a_param', n: 7, missing: null });
    });

    it('concurrent merges into one table both land', async () => {
      const rows = priceRows(10, 20);
      const results = await Promise.all([
        warehouse.merge(pricesDaily, rows.slice(0, 100)),
        warehouse.merge(pricesDaily, rows.slice(100)),
      ]);
      expect(results).toEqual([
        { inserted: 100, updated: 0 },
        { inserted: 100, updated: 0 },
      ]);
      expect(await countRows(warehouse, 'prices_daily')).toBe(200);
    });

    it('tableMetadata reports DAY partitioning on the declared field and the declared clustering', async () => {
      for (const def of [pricesDaily, ingestionRuns, contractTypesTable]) {
        const metadata = await warehouse.tableMetadata(def.name);
        expect({ table: def.name, partitioning: metadata.partitioning, clustering: metadata.clustering }).toEqual({
          table: def.name,
          partitioning: { type: 'DAY', field: def.partitionField },
          clustering: def.clustering,
        });
      }
      expect((await warehouse.tableMetadata('ingestion_runs')).columns.find((c) => c.name === 'cursor_before')).toEqual(
        { name: 'cursor_before', type: 'JSON', required: false },
      );
    });

    it('the run ledger row round-trips with its JSON cursors and TIMESTAMP partition field', async () => {
      const run = {
        run_id: 'run-1',
        pipeline: 'prices',
        trigger: 'schedule',
        status: 'running',
        started_at: '2024-06-01T06:00:00.000Z',
        cursor_before: { since: '2024-05-31' },
      };
      expect(await warehouse.merge(ingestionRuns, [run])).toEqual({ inserted: 1, updated: 0 });
      const done = {
        ...run,
        status: 'failed',
        finished_at: '2024-06-01T06:01:30.500Z',
        records_in: 10,
        records_valid: 8,
        records_quarantined: 2,
        cursor_after: { since: '2024-05-31' },
        error_class: 'HttpError',
        error_message: '503 from provider',
        error_retriable: true,
      };
      expect(await warehouse.merge(ingestionRuns, [done])).toEqual({ inserted: 0, updated: 1 });
      const rows = await warehouse.query(`SELECT * FROM ${warehouse.tableRef('ingestion_runs')}`);
      // Every column the row did not name reads back as NULL.
      const unset = Object.fromEntries(ingestionRuns.columns.map((column) => [column.name, null]));
      expect(rows).toEqual([{ ...unset, ...done }]);
    });

    it('a missing table and bad SQL are terminal StorageErrors', async () => {
      await expect(warehouse.tableMetadata('no_such_table')).rejects.toMatchObject({
        name: 'StorageError',
        retriable: false,
      });
      await expect(warehouse.query('SELEC 1')).rejects.toMatchObject({ name: 'StorageError', retriable: false });
      await expect(
        warehouse.merge({ ...contractTypesTable, name: 'no_such_table' }, [{ id: 'x' }]),
      ).rejects.toMatchObject({ name: 'StorageError', retriable: false });
    });
  });
}
