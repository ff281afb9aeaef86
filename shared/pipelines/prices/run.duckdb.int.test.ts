/**
 * The run loop with the prices definition on DuckDB + a local lake, against the replay server
 * (YAHOO_BASE_URL): a crash injected after N committed slices (the onSliceCommitted hook throws,
 * as a process dying there would stop), then a rerun of the same backfill that redoes no finished
 * slice and lands exactly the expected rows; and a split newer than the stored data re-fetching
 * that ticker's stored history (the definition's follow-up slices).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedPriceBars, startPriceReplayServer, type PriceReplayServer } from '../../../dev/replay';
import { loadConfig } from '../../config';
import { createSilentLogger } from '../../log';
import { createWarehouse } from '../../warehouse';
import { sliceDateRange } from './plan';
import { createPipelineRuntime } from '../runtime';
import { runPrices } from './run';

jest.setTimeout(120_000);

describe('runPipeline crash recovery (DuckDB + local lake)', () => {
  let replay: PriceReplayServer;
  let dir: string;
  beforeAll(async () => {
    replay = await startPriceReplayServer();
    dir = mkdtempSync(join(tmpdir(), 'run-crash-'));
  });
  afterAll(async () => {
    await replay.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes a backfill after a crash without redoing finished slices', async () => {
    const config = loadConfig({
      LAKE_DIR: join(dir, 'lake'),
      DUCKDB_PATH: join(dir, 'w.duckdb'),
      HTTP_MAX_RETRIES: '0',
      YAHOO_BASE_URL: replay.baseUrl,
    });
    const tickers = ['AAPL', 'MSFT', 'NVDA', 'KO'];
    const from = `${Number(replay.today.slice(0, 4)) - 2}${replay.today.slice(4)}`;
    const request = { mode: 'backfill' as const, trigger: 'cli' as const, from, to: replay.today, scopes: tickers };
    const total = tickers.length * sliceDateRange(from, replay.today, { sliceMonths: 12 }).length;

    const runtime = await createPipelineRuntime(config, { log: createSilentLogger() });
    let crashed;
    try {
      crashed = await runPrices(runtime, request, {
        onSliceCommitted: (_slice, committed) => {
          if (committed === 5) throw new Error('injected crash after 5 slices');
        },
      });
    } finally {
      await runtime.close();
    }
    expect(crashed).toMatchObject({
      status: 'failed',
      error: { class: 'Error', message: 'injected crash after 5 slices', retriable: false },
    });
    const firstFetched = replay.requests.all().map((r) => r.pathAndQuery);
    expect(crashed.slices.succeeded).toBeGreaterThanOrEqual(5);
    expect(crashed.slices.succeeded).toBeLessThan(total);

    replay.requests.clear();
    const runtime2 = await createPipelineRuntime(config, { log: createSilentLogger() });
    let resumed;
    try {
      resumed = await runPrices(runtime2, request);
    } finally {
      await runtime2.close();
    }
    expect(resumed).toMatchObject({
      status: 'succeeded',
      slices: { total, skipped: crashed.slices.succeeded, failed: 0, succeeded: total - crashed.slices.succeeded },
    });
    const secondFetched = replay.requests.all().map((r) => r.pathAndQuery);
    expect(secondFetched).toHaveLength(total - crashed.slices.succeeded);
    // Slices fetched in the crashed run but not committed may be fetched again; committed ones never.
    const committedIds = new Set(crashed.sliceReports.filter((s) => s.status === 'succeeded').map((s) => s.id));
    expect(resumed.sliceReports.filter((s) => s.status === 'succeeded').some((s) => committedIds.has(s.id))).toBe(
      false,
    );
    expect(firstFetched.length + secondFetched.length).toBeGreaterThanOrEqual(total);

    const warehouse = await createWarehouse({
      backend: 'duckdb',
      duckdbPath: join(dir, 'w.duckdb'),
      dataset: 'unused',
      location: 'US',
    });
    try {
      const rows = await warehouse.query(
        'SELECT ticker, date, open, high, low, close, adj_close, volume, source FROM prices_daily ORDER BY ticker, date',
      );
      const expected = tickers
        .flatMap((ticker) =>
          expectedPriceBars({ source: 'yahoo', ticker, from, to: replay.today, today: replay.today }),
        )
        .sort((a, b) => (a.ticker === b.ticker ? a.date.localeCompare(b.date) : a.ticker < b.ticker ? -1 : 1));
      expect(rows).toEqual(expected);
      const runs = await warehouse.query<{ status: string; error_class: string | null }>(
        'SELECT status, error_class FROM ingestion_runs ORDER BY started_at',
      );
      expect(runs).toEqual([
        { status: 'failed', error_class: 'Error' },
        { status: 'succeeded', error_class: null },
      ]);
    } finally {
      await warehouse.close();
    }
  });

  it('re-fetches the stored history of a ticker when a split newer than its data appears, once', async () => {
    // The replay server's NVDA splits 10:1 on 2024-06-10: stored first as seen on 2024-06-05
    // (unadjusted), then an incremental run on 2024-06-14 whose lag window reports the split.
    const before = await startPriceReplayServer({ today: '2024-06-05' });
    const after = await startPriceReplayServer({ today: '2024-06-14' });
    const paths = { LAKE_DIR: join(dir, 'split-lake'), DUCKDB_PATH: join(dir, 'split.duckdb') };
    const run = async (server: PriceReplayServer, now: string, request: Parameters<typeof runPrices>[1]) => {
      const runtime = await createPipelineRuntime(
        loadConfig({ ...paths, HTTP_MAX_RETRIES: '0', YAHOO_BASE_URL: server.baseUrl }),
        { log: createSilentLogger(), now: () => new Date(now) },
      );
      try {
        return await runPrices(runtime, request);
      } finally {
        await runtime.close();
      }
    };
    try {
      const backfill = await run(before, '2024-06-05T21:00:00Z', {
        mode: 'backfill',
        trigger: 'cli',
        from: '2024-01-02',
        to: '2024-06-05',
        scopes: ['NVDA'],
      });
      expect(backfill).toMatchObject({ status: 'succeeded', slices: { total: 1, succeeded: 1 } });

      const incremental = await run(after, '2024-06-14T21:00:00Z', {
        mode: 'incremental',
        trigger: 'cli',
        scopes: ['NVDA'],
      });
      expect(incremental).toMatchObject({ status: 'succeeded', slices: { failed: 0 } });
      expect(incremental.sliceReports.map((r) => r.id)).toEqual([
        'NVDA:2024-05-30:2024-06-14',
        'NVDA:2024-01-02:2024-06-05:split',
      ]);
      // The lag window (5 trading days up to the stored 2024-06-05), then the whole stored history.
      expect(after.requests.all().map((r) => r.path)).toEqual(['/v8/finance/chart/NVDA', '/v8/finance/chart/NVDA']);
      const expected = expectedPriceBars({
        source: 'yahoo',
        ticker: 'NVDA',
        from: '2024-01-02',
        to: '2024-06-14',
        today: '2024-06-14',
      });
      const warehouse = await createWarehouse({
        backend: 'duckdb',
        duckdbPath: paths.DUCKDB_PATH,
        dataset: 'unused',
        location: 'US',
      });
      try {
        expect(
          await warehouse.query(
            'SELECT ticker, date, open, high, low, close, adj_close, volume, source FROM prices_daily ORDER BY date',
          ),
        ).toEqual(expected);
      } finally {
        await warehouse.close();
      }

      // The stored data now reflects the split: the next run reads the lag window only.
      after.requests.clear();
      const next = await run(after, '2024-06-14T22:00:00Z', { mode: 'incremental', trigger: 'cli', scopes: ['NVDA'] });
      expect(next).toMatchObject({ status: 'succeeded', slices: { total: 1 }, merged: { inserted: 0 } });
      expect(after.requests.count()).toBe(1);
    } finally {
      await before.stop();
      await after.stop();
    }
  });
});
