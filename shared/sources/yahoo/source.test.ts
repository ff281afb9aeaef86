/**
 * The Yahoo price source against the real replay server through the real HTTP client: exact rows,
 * one request per ticker slice, exactly the ranges it is handed, 429/500 retried, unknown
 * tickers, and the splits a page reports (re-fetching after one is the prices plan's).
 */
import { AuthError } from '../../errors';
import { InvalidResponseError } from '../../http';
import { expectedPriceBars } from '../../../dev/replay/expected';
import { startPriceReplayServer, type PriceReplayServer } from '../../../dev/replay/server';
import {
  collectPages,
  fetchCursor,
  normalizeAll,
  recordingLogger,
  recordingSleep,
  serialised,
} from '../prices/__fixtures__/harness';
import { UnknownTickerError } from '../prices/errors';
import { createPriceSourceHttp } from '../prices/registry';
import { nextPriceCursor, type PriceCursor } from '../prices/cursor';
import type { SourceContext } from '../types';
import { createYahooPriceSource, type YahooPriceConfig } from './source';

const today = '2025-03-14';
const now = () => new Date('2025-03-14T21:00:00Z');
const tickers = ['AAPL', 'MSFT', 'NVDA'];
let server: PriceReplayServer;

beforeAll(async () => {
  server = await startPriceReplayServer({ today, unknownTickers: ['ZZZQ'] });
});
afterAll(() => server.stop());
beforeEach(() => {
  server.faults.clear();
  server.requests.clear();
});

function context() {
  const sleep = recordingSleep();
  const log = recordingLogger();
  const http = createPriceSourceHttp('yahoo', {
    baseUrl: server.baseUrl,
    rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 },
    sleep,
    random: () => 0,
    logger: log,
    maxRetries: 3,
  });
  const ctx: SourceContext<YahooPriceConfig> = { http, log, now, config: {} };
  return { ctx, sleep, log };
}

/** A backfill cursor: each ticker's ranges over `spans` (one span unless a test cuts several). */
const backfill = (names: string[], ...spans: [string, string][]): PriceCursor => fetchCursor(names, spans);

describe('Yahoo price source', () => {
  it('a 3-year backfill of 3 tickers yields exactly the expected bars, each once, one request per ticker slice', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    const slices: [string, string][] = [
      ['2022-03-14', '2023-03-13'],
      ['2023-03-14', '2024-03-12'],
      ['2024-03-13', '2025-03-12'],
      ['2025-03-13', today],
    ];
    const { pages, error } = await collectPages(source.pages(backfill(tickers, ...slices), ctx));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(12); // 3 tickers x 4 slices of <= 365 days
    expect(server.requests.count('/v8/finance/chart/')).toBe(12);
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    for (const ticker of tickers) {
      const got = rows.filter((r) => r.ticker === ticker).sort((a, b) => a.date.localeCompare(b.date));
      expect(got).toEqual(expectedPriceBars({ source: 'yahoo', ticker, from: '2022-03-14', to: today, today }));
    }
    expect(new Set(rows.map((r) => `${r.ticker}|${r.date}`)).size).toBe(rows.length);
    expect(pages[0]!.request.params).toEqual({
      ticker: 'AAPL',
      tickers: 'AAPL',
      from: '2022-03-14',
      to: '2023-03-13',
      reason: 'backfill',
    });
    expect(pages[0]!.request.url).toMatch(
      /\/v8\/finance\/chart\/AAPL\?period1=\d+&period2=\d+&interval=1d&events=div%7Csplit&includeAdjustedClose=true$/,
    );
    expect(nextPriceCursor({ tickers: {} }, rows).tickers.NVDA).toEqual({ firstDate: '2022-03-14', lastDate: today });
  });

  it('fetches exactly the range it is handed: an incremental lag window', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    const stored = { AAPL: { firstDate: '2022-01-03', lastDate: '2025-03-13' } };
    const { pages } = await collectPages(
      source.pages(fetchCursor(['AAPL'], [['2025-03-07', today]], 'incremental', stored), ctx),
    );
    expect(pages.map((p) => [p.request.params.from, p.request.params.to, p.request.params.reason])).toEqual([
      ['2025-03-07', today, 'incremental'],
    ]);
    expect(server.requests.count()).toBe(1);
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    expect(rows.map((r) => r.date)).toEqual([
      '2025-03-07',
      '2025-03-10',
      '2025-03-11',
      '2025-03-12',
      '2025-03-13',
      '2025-03-14',
    ]);
  });

  it('plans nothing itself: a cursor without ranges (no fetch, or an empty one) fetches nothing', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    // Even a context that still carries the planning settings sources once read.
    const stale = { ...ctx, config: { tickers: ['AAPL'], lagTradingDays: 5 } as unknown as YahooPriceConfig };
    const stored = { AAPL: { firstDate: '2022-01-03', lastDate: '2025-03-13' } };
    expect(await collectPages(source.pages({ tickers: stored }, stale))).toEqual({ pages: [], error: undefined });
    expect(await collectPages(source.pages({ tickers: stored, fetch: [] }, stale))).toEqual({
      pages: [],
      error: undefined,
    });
    expect(server.requests.count()).toBe(0);
  });

  it('retries the plain-text 429, waiting at least Retry-After, and a 500', async () => {
    const source = createYahooPriceSource();
    const { ctx, sleep } = context();
    server.faults.rateLimit('/v8/finance/chart/AAPL', { times: 2, retryAfterS: 3 });
    server.faults.serverError('/v8/finance/chart/MSFT', { times: 1 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], ['2025-01-02', today]), ctx));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(2);
    expect(server.requests.count('/v8/finance/chart/AAPL')).toBe(3);
    expect(server.requests.count('/v8/finance/chart/MSFT')).toBe(2);
    expect(server.requests.all().map((r) => r.status)).toEqual([429, 429, 200, 500, 200]);
    expect(sleep.delays).toEqual([3_000, 3_000, 0]);
  });

  it('an unknown ticker fails with UnknownTickerError after the other tickers were fetched', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(
      source.pages(backfill(['AAPL', 'ZZZQ', 'MSFT'], ['2025-01-02', today]), ctx),
    );
    expect(pages.map((p) => p.request.params.ticker)).toEqual(['AAPL', 'MSFT']);
    expect(error).toBeInstanceOf(UnknownTickerError);
    expect(error).toMatchObject({ retriable: false, ticker: 'ZZZQ' });
    expect((error as Error).message).toBe(
      'yahoo does not know ZZZQ (chart.error Not Found: No data found, symbol may be delisted); check the watchlist',
    );
  });

  it('a truncated (non-JSON) answer fails only its ticker, as a terminal InvalidResponseError', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    server.faults.malformedJson('/v8/finance/chart/AAPL', { times: 1 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], ['2025-01-02', today]), ctx));
    expect(pages.map((p) => p.request.params.ticker)).toEqual(['MSFT']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ retriable: false });
  });

  it('an auth failure is a terminal AuthError that stops the run at once', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    server.faults.serverError('/v8/finance/chart/', { times: 5, status: 401 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], ['2025-01-02', today]), ctx));
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(AuthError);
    expect(server.requests.count()).toBe(1);
  });

  it('a page reporting a split newer than the stored data fetches no more than its range; handed the re-fetch ranges, exactly those', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    const stored = { NVDA: { firstDate: '2023-06-01', lastDate: '2024-06-07' } };
    const { pages, error } = await collectPages(
      source.pages(fetchCursor(['NVDA'], [['2024-06-03', today]], 'incremental', stored), ctx),
    );
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.request.params.reason, p.request.params.from, p.request.params.to])).toEqual([
      ['incremental', '2024-06-03', today],
    ]);
    expect(server.requests.count()).toBe(1);
    expect(normalizeAll(source, pages)[0]!.splits).toEqual([
      { ticker: 'NVDA', date: '2024-06-10', numerator: 10, denominator: 1, ratio: 10 },
    ]);

    // The ranges the prices plan makes of that split (shared/pipelines/prices/plan.test.ts), as
    // follow-up slices hand them over: the stored history comes back, and nothing else.
    server.requests.clear();
    const refetch = await collectPages(
      source.pages(
        fetchCursor(
          ['NVDA'],
          [
            ['2023-06-01', '2024-05-30'],
            ['2024-05-31', '2024-06-07'],
          ],
          'split',
          stored,
        ),
        ctx,
      ),
    );
    expect(refetch.error).toBeUndefined();
    expect(refetch.pages.map((p) => [p.request.params.reason, p.request.params.from, p.request.params.to])).toEqual([
      ['split', '2023-06-01', '2024-05-30'],
      ['split', '2024-05-31', '2024-06-07'],
    ]);
    expect(server.requests.count()).toBe(2);
    const refetched = normalizeAll(source, refetch.pages).flatMap((n) => n.rows);
    expect(refetched).toEqual(
      expectedPriceBars({ source: 'yahoo', ticker: 'NVDA', from: '2023-06-01', to: '2024-06-07', today }),
    );
  });

  it('keeps no secret-looking value in pages, logs or errors (keyless: the URL has no credentials)', async () => {
    const source = createYahooPriceSource();
    const { ctx, log } = context();
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'ZZZQ'], ['2025-01-02', today]), ctx));
    const text = serialised(pages, log.lines, [error]);
    expect(text).not.toMatch(/apikey|secret|authorization/i);
  });
});
