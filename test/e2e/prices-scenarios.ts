/**
 * The acceptance scenarios of the prices function (backfill since 2022, incremental lag window, splits, indicators), written once and run per backend
 * (prices.duckdb.int.test.ts, prices.bigquery.int.test.ts) through the REAL entry point.
 */
import { gunzipSync } from 'node:zlib';
import { expectedPriceBars, startPriceReplayServer, type PriceReplayServer } from '../../dev/replay';
import { sliceDateRange } from '../../shared/pipelines/prices/plan';
import { yahooChartRequest } from '../../shared/sources/yahoo/client';
import type { PriceBar } from '../../shared/schemas/price-bar';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, listKeys, startFunction, useEnvironment, yearsBefore, type E2eBackend } from './prices-harness';

export interface ScenarioOptions {
  /** Tickers of the big backfill (20 on DuckDB; fewer on the slow BigQuery emulator). */
  tickers: readonly string[];
  /** Years of the big backfill. */
  years: number;
  makeBackend(): Promise<E2eBackend>;
}

// The package exports `./testing`, which this tsconfig's node10 resolution cannot see; the types
// come from the file it maps to.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

const BAR_COLUMNS = 'ticker, date, open, high, low, close, adj_close, volume, source';

function table(warehouse: Warehouse, name: string): string {
  return warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name);
}

async function storedBars(backend: E2eBackend): Promise<PriceBar[]> {
  return withWarehouse(backend, (w) =>
    w.query<PriceBar>(`SELECT ${BAR_COLUMNS} FROM ${table(w, 'prices_daily')} ORDER BY ticker, date`),
  );
}

async function ledgerRow(backend: E2eBackend, runId: string): Promise<Record<string, unknown>> {
  const rows = await withWarehouse(backend, (w) =>
    w.query(`SELECT * FROM ${table(w, 'ingestion_runs')} WHERE run_id = @run_id`, { run_id: runId }),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

function expectedBars(tickers: readonly string[], from: string, to: string, today: string): PriceBar[] {
  return tickers
    .flatMap((ticker) => expectedPriceBars({ source: 'yahoo', ticker, from, to, today }))
    .sort((a, b) => (a.ticker === b.ticker ? a.date.localeCompare(b.date) : a.ticker < b.ticker ? -1 : 1));
}

const epochDay = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/** The request path and first query parameter Yahoo's client sends for one slice (its fault-rule prefix). */
function chartRequestPrefix(ticker: string, range: { from: string; to: string }): string {
  const { path, query } = yahooChartRequest(ticker, range.from, range.to);
  return `${path}?period1=${query.period1}`;
}

/** Registers the scenarios in the calling describe block. */
export function pricesScenarios(options: ScenarioOptions): void {
  let replay: PriceReplayServer;
  let fn: Awaited<ReturnType<typeof startFunction>>;
  const backends: E2eBackend[] = [];

  beforeAll(async () => {
    replay = await startPriceReplayServer();
    // Registers `prices` with the framework, as the deployed function's module load does.
    require('../../functions/prices');
    fn = await startFunction(getTestServer('prices'));
  });
  afterAll(async () => {
    await fn?.stop();
    await replay?.stop();
    for (const backend of backends) await backend.cleanup();
  });

  /** A fresh backend and the environment pointing the function at it and at the replay server. */
  async function setUp(extra: Record<string, string> = {}): Promise<{ backend: E2eBackend; restore: () => void }> {
    const backend = await options.makeBackend();
    backends.push(backend);
    replay.faults.clear();
    replay.requests.clear();
    const restore = useEnvironment({
      ...backend.env,
      PRICES_PROVIDER: 'yahoo',
      PRICES_LAG_DAYS: '5',
      YAHOO_BASE_URL: replay.baseUrl,
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      HTTP_MAX_RETRIES: '1',
      ...extra,
    });
    return { backend, restore };
  }

  it('answers 400 naming every problem of a bad body, without running anything', async () => {
    const { restore } = await setUp();
    try {
      const answer = await fn.post({ mode: 'sideways', tickers: ['aapl'], extra: true });
      expect(answer.status).toBe(400);
      expect(answer.json.problems.map((p: { path: string }) => p.path).sort()).toEqual(['', 'mode', 'tickers.0']);
      expect(replay.requests.count()).toBe(0);
    } finally {
      restore();
    }
  });

  it(`backfills ${options.years} years of ${options.tickers.length} tickers exactly, reruns add 0 rows, and an incremental run reads only the lag window`, async () => {
    const { backend, restore } = await setUp();
    try {
      const from = yearsBefore(replay.today, options.years);
      const body = { mode: 'backfill', from, to: replay.today, tickers: options.tickers };
      const first = await fn.post(body);
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({ status: 'succeeded', mode: 'backfill', slices: { failed: 0, skipped: 0 } });
      const expected = expectedBars(options.tickers, from, replay.today, replay.today);
      expect(first.json.records).toEqual({ in: expected.length, valid: expected.length, quarantined: 0, skipped: 0 });
      expect(await storedBars(backend)).toEqual(expected);
      const ledger = await ledgerRow(backend, first.json.runId);
      expect(ledger).toMatchObject({
        status: 'succeeded',
        pipeline: 'prices',
        trigger: 'http',
        records_in: expected.length,
        records_valid: expected.length,
        records_quarantined: 0,
      });
      const indicatorRows = await withWarehouse(backend, (w) =>
        w.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table(w, 'price_indicators')}`),
      );
      expect(indicatorRows[0]!.n).toBe(expected.length);
      const cleanKeys = await listKeys(backend.lake, 'clean/prices_daily/');
      expect(new Set(cleanKeys.map((k) => k.split('/')[2]))).toEqual(new Set(expected.map((b) => `dt=${b.date}`)));
      // Raw: one gzip JSONL object per commit group, one line per page fetched (a page per slice here).
      const rawKeys = await listKeys(backend.lake, 'raw/yahoo/');
      const rawLines = (
        await Promise.all(
          rawKeys.map(async (k) =>
            gunzipSync(await backend.lake.get(k))
              .toString('utf8')
              .trim()
              .split('\n'),
          ),
        )
      ).flat();
      expect(rawLines).toHaveLength(first.json.slices.total);
      expect(rawKeys.length).toBeLessThan(first.json.slices.total);

      // The same backfill again: every slice is already done, nothing is fetched or written.
      replay.requests.clear();
      const again = await fn.post(body);
      expect(again.json).toMatchObject({
        status: 'succeeded',
        slices: { skipped: first.json.slices.total, succeeded: 0 },
        merged: { inserted: 0 },
      });
      expect(replay.requests.count()).toBe(0);
      // A new backfill id refetches everything: the MERGE updates rows, it adds none.
      const refetch = await fn.post({ ...body, backfillId: 'refetch' });
      expect(refetch.json).toMatchObject({ status: 'succeeded', merged: { inserted: 0, updated: expected.length } });
      expect(await storedBars(backend)).toEqual(expected);

      // Incremental: one request per ticker, reading back only the lag window (PRICES_LAG_DAYS=5
      // trading days up to the last stored day) and nothing after today.
      replay.requests.clear();
      const incremental = await fn.post({ tickers: options.tickers });
      expect(incremental.json).toMatchObject({ status: 'succeeded', mode: 'incremental', merged: { inserted: 0 } });
      expect(incremental.json.records).toEqual({
        in: options.tickers.length * 5,
        valid: options.tickers.length * 5,
        quarantined: 0,
        skipped: 0,
      });
      const requests = replay.requests.all();
      expect(requests.map((r) => r.path).sort()).toEqual(options.tickers.map((t) => `/v8/finance/chart/${t}`).sort());
      for (const request of requests) {
        // 5 trading days never span more than 10 calendar days; the window ends by tomorrow's start.
        expect(Number(request.query.period1)).toBeGreaterThanOrEqual(epochDay(replay.today) - 10 * 86_400);
        expect(Number(request.query.period2)).toBeLessThanOrEqual(epochDay(replay.today) + 2 * 86_400);
      }
      expect(await storedBars(backend)).toHaveLength(expected.length);
    } finally {
      restore();
    }
  });

  it('a slice failing half way leaves a partial run; the rerun fetches only that slice and lands no gaps and no duplicates', async () => {
    const { backend, restore } = await setUp();
    try {
      const tickers = options.tickers.slice(0, 3);
      const from = yearsBefore(replay.today, 2);
      const body = { mode: 'backfill', from, to: replay.today, tickers };
      const ranges = sliceDateRange(from, replay.today, { sliceMonths: 12 });
      const total = tickers.length * ranges.length;
      // Every answer for the second ticker's second slice is a 500, retries included.
      const failing = chartRequestPrefix(tickers[1]!, ranges[1]!);
      replay.faults.serverError(failing, { times: Infinity });
      const crashed = await fn.post(body);
      expect(crashed.status).toBe(200);
      expect(crashed.json).toMatchObject({
        status: 'partial',
        slices: { total, failed: 1, succeeded: total - 1 },
        error: { class: 'HttpError', retriable: true },
      });
      expect(await ledgerRow(backend, crashed.json.runId)).toMatchObject({
        status: 'partial',
        error_class: 'HttpError',
        error_retriable: true,
      });
      const expected = expectedBars(tickers, from, replay.today, replay.today);
      const partial = await storedBars(backend);
      expect(partial.length).toBeLessThan(expected.length);
      expect(partial.every((bar) => expected.some((e) => e.ticker === bar.ticker && e.date === bar.date))).toBe(true);

      replay.faults.clear();
      replay.requests.clear();
      const resumed = await fn.post(body);
      expect(resumed.json).toMatchObject({
        status: 'succeeded',
        slices: { succeeded: 1, skipped: total - 1, failed: 0 },
      });
      expect(replay.requests.all().map((r) => r.pathAndQuery.split('&')[0])).toEqual([failing]);
      expect(await storedBars(backend)).toEqual(expected);
    } finally {
      restore();
    }
  });

  it('retries a 429 storm, waiting as Retry-After asks', async () => {
    const { backend, restore } = await setUp({ HTTP_MAX_RETRIES: '5' });
    try {
      const ticker = options.tickers[0]!;
      replay.faults.rateLimit(`/v8/finance/chart/${ticker}`, { times: 3, retryAfterS: 1 });
      const from = yearsBefore(replay.today, 1);
      const run = await fn.post({ mode: 'backfill', from, to: replay.today, tickers: [ticker], backfillId: 'storm' });
      expect(run.json).toMatchObject({ status: 'succeeded', slices: { failed: 0 } });
      const requests = replay.requests.all();
      const statuses = requests.map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3);
      expect(statuses.at(-1)).toBe(200);
      // Slices run concurrently, so the waits overlap: check each retry against its own 429.
      const retryGapsMs = requests.flatMap((r, i) => {
        if (r.status !== 429) return [];
        const retry = requests.slice(i + 1).find((next) => next.pathAndQuery === r.pathAndQuery);
        return [retry!.atMs! - r.atMs!];
      });
      expect(retryGapsMs).toHaveLength(3);
      for (const gap of retryGapsMs) expect(gap).toBeGreaterThanOrEqual(1000);
      expect(await storedBars(backend)).toEqual(expectedBars([ticker], from, replay.today, replay.today));
    } finally {
      restore();
    }
  });

  it('quarantines malformed records with their reasons and counts them in the ledger', async () => {
    const { backend, restore } = await setUp();
    try {
      const ticker = options.tickers[0]!;
      const from = yearsBefore(replay.today, 1);
      const all = expectedBars([ticker], from, replay.today, replay.today);
      const [closeless, highless, noTrade] = [all[10]!, all[20]!, all[30]!];
      replay.faults.injectNulls({ ticker, date: closeless.date, fields: ['close'] });
      replay.faults.injectNulls({ ticker, date: highless.date, fields: ['high'] });
      replay.faults.injectNulls({ ticker, date: noTrade.date });
      const run = await fn.post({ mode: 'backfill', from, to: replay.today, tickers: [ticker] });
      expect(run.json).toMatchObject({
        status: 'succeeded',
        records: { in: all.length, valid: all.length - 3, quarantined: 2, skipped: 1 },
      });
      expect(await ledgerRow(backend, run.json.runId)).toMatchObject({
        records_in: all.length,
        records_valid: all.length - 3,
        records_quarantined: 2,
        records_skipped: 1,
      });
      const bad = new Set([closeless.date, highless.date, noTrade.date]);
      expect(await storedBars(backend)).toEqual(all.filter((b) => !bad.has(b.date)));
      const [key, ...more] = await listKeys(backend.lake, 'quarantine/yahoo/');
      expect(more).toEqual([]);
      const lines = (await backend.lake.get(key!))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(
        lines
          .map((l) => [l.record.date, l.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`)])
          .sort(),
      ).toEqual(
        [
          [closeless.date, ['close:invalid_type', 'adj_close:invalid_type']], // Yahoo blanks adjclose with close
          [highless.date, ['high:invalid_type']],
        ].sort(),
      );
      expect(lines[0]).toMatchObject({
        runId: run.json.runId,
        source: 'yahoo',
        rawKey: expect.stringMatching(/^raw\/yahoo\/dt=/),
      });
      // The raw page they came from is kept, gzip JSONL with its request metadata.
      // (one object per commit group: a page per line, in slice order).
      const pages = gunzipSync(await backend.lake.get(lines[0].rawKey))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(pages).toContainEqual(
        expect.objectContaining({
          source: 'yahoo',
          status: 200,
          request: expect.objectContaining({ method: 'GET', params: expect.objectContaining({ ticker }) }),
        }),
      );
    } finally {
      restore();
    }
  });
}
