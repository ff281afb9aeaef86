/**
 * The run loop's crash recovery on DuckDB + a local lake: a crash injected after N committed
 * slices (the onSliceCommitted hook throws, as a process dying there would stop), then a rerun of
 * the same backfill that redoes no finished slice and lands exactly the expected rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedPriceBars, startPriceReplayServer, type PriceReplayServer } from '../../dev/replay';
import { loadConfig } from '../config';
import { createSilentLogger } from '../log';
import { createWarehouse } from '../warehouse';
import { monthRanges } from './definitions/prices-plan';
import { createPipelineRuntime } from './runtime';
import { runPrices } from './prices';

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
    const config = loadConfig({ LAKE_DIR: join(dir, 'lake'), DUCKDB_PATH: join(dir, 'w.duckdb'), HTTP_MAX_RETRIES: '0' });
    // The default Yahoo origin is sent to the replay server; anything else would be refused.
    const fetchToReplay: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (!url.startsWith('https://query2.finance.yahoo.com/')) throw new Error(`refused ${url}`);
      return fetch(replay.baseUrl + url.slice('https://query2.finance.yahoo.com'.length), init);
    };
    const tickers = ['AAPL', 'MSFT', 'NVDA', 'KO'];
    const from = `${Number(replay.today.slice(0, 4)) - 2}${replay.today.slice(4)}`;
    const request = { mode: 'backfill' as const, trigger: 'cli' as const, from, to: replay.today, scopes: tickers };
    const total = tickers.length * monthRanges(from, replay.today, 12).length;

    const runtime = await createPipelineRuntime(config, { log: createSilentLogger(), fetch: fetchToReplay });
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
    expect(crashed).toMatchObject({ status: 'failed', error: { class: 'Error', message: 'injected crash after 5 slices', retriable: false } });
    const firstFetched = replay.requests.all().map((r) => r.pathAndQuery);
    expect(crashed.slices.succeeded).toBeGreaterThanOrEqual(5);
    expect(crashed.slices.succeeded).toBeLessThan(total);

    replay.requests.clear();
    const runtime2 = await createPipelineRuntime(config, { log: createSilentLogger(), fetch: fetchToReplay });
    let resumed;
    try {
      resumed = await runPrices(runtime2, request);
    } finally {
      await runtime2.close();
    }
    expect(resumed).toMatchObject({ status: 'succeeded', slices: { total, skipped: crashed.slices.succeeded, failed: 0, succeeded: total - crashed.slices.succeeded } });
    const secondFetched = replay.requests.all().map((r) => r.pathAndQuery);
    expect(secondFetched).toHaveLength(total - crashed.slices.succeeded);
    // Slices fetched in the crashed run but not committed may be fetched again; committed ones never.
    const committedIds = new Set(crashed.sliceReports.filter((s) => s.status === 'succeeded').map((s) => s.id));
    expect(resumed.sliceReports.filter((s) => s.status === 'succeeded').some((s) => committedIds.has(s.id))).toBe(false);
    expect(firstFetched.length + secondFetched.length).toBeGreaterThanOrEqual(total);

    const warehouse = await createWarehouse({ backend: 'duckdb', duckdbPath: join(dir, 'w.duckdb'), dataset: 'unused', location: 'US' });
    try {
      const rows = await warehouse.query('SELECT ticker, date, open, high, low, close, adj_close, volume, source FROM prices_daily ORDER BY ticker, date');
      const expected = tickers
        .flatMap((ticker) => expectedPriceBars({ source: 'yahoo', ticker, from, to: replay.today, today: replay.today }))
        .sort((a, b) => (a.ticker === b.ticker ? a.date.localeCompare(b.date) : a.ticker < b.ticker ? -1 : 1));
      expect(rows).toEqual(expected);
      const runs = await warehouse.query<{ status: string; error_class: string | null }>('SELECT status, error_class FROM ingestion_runs ORDER BY started_at');
      expect(runs).toEqual([
        { status: 'failed', error_class: 'Error' },
        { status: 'succeeded', error_class: null },
      ]);
    } finally {
      await warehouse.close();
    }
  });
});
