/**
 * The Yahoo price source against the real replay server through the real HTTP client: exact rows,
 * one request per ticker slice, 429/500 retried, unknown tickers, and the split re-fetch.
 */
import { AuthError } from '../../errors';
import { InvalidResponseError } from '../../http';
import { expectedPriceBars } from '../../../dev/replay/expected';
import { startPriceReplayServer, type PriceReplayServer } from '../../../dev/replay/server';
import { collectPages, normalizeAll, recordingLogger, recordingSleep, serialised } from '../prices/__fixtures__/harness';
import { UnknownTickerError } from '../prices/errors';
import { createPriceSourceHttp } from '../prices/registry';
import { fetchPlan, nextPriceCursor, type PriceCursor } from '../prices/cursor';
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

function context(config: Partial<YahooPriceConfig> = {}) {
  const sleep = recordingSleep();
  const log = recordingLogger();
  const http = createPriceSourceHttp('yahoo', { baseUrl: server.baseUrl, rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 }, sleep, random: () => 0, logger: log, maxRetries: 3 });
  const ctx: SourceContext<YahooPriceConfig> = { http, log, now, config: { tickers, lagTradingDays: 5, maxSliceDays: 365, ...config } };
  return { ctx, sleep, log };
}

const backfill = (names: string[], from: string, to: string): PriceCursor => ({
  tickers: {},
  fetch: fetchPlan(undefined, { mode: 'backfill', tickers: names, from, to }, { today, lagTradingDays: 5, maxSliceDays: 365 }),
});

describe('Yahoo price source', () => {
  it('a 3-year backfill of 3 tickers yields exactly the expected bars, each once, one request per ticker slice', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(source.pages(backfill(tickers, '2022-03-14', today), ctx));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(12); // 3 tickers x 4 slices of <= 365 days
    expect(server.requests.count('/v8/finance/chart/')).toBe(12);
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    for (const ticker of tickers) {
      const got = rows.filter((r) => r.ticker === ticker).sort((a, b) => a.date.localeCompare(b.date));
      expect(got).toEqual(expectedPriceBars({ source: 'yahoo', ticker, from: '2022-03-14', to: today, today }));
    }
    expect(new Set(rows.map((r) => `${r.ticker}|${r.date}`)).size).toBe(rows.length);
    expect(pages[0]!.request.params).toEqual({ ticker: 'AAPL', tickers: 'AAPL', from: '2022-03-14', to: '2023-03-13', reason: 'backfill' });
    expect(pages[0]!.request.url).toMatch(/\/v8\/finance\/chart\/AAPL\?period1=\d+&period2=\d+&interval=1d&events=div%7Csplit&includeAdjustedClose=true$/);
    expect(nextPriceCursor({ tickers: {} }, rows).tickers.NVDA).toEqual({ firstDate: '2022-03-14', lastDate: today });
  });

  it('without cursor.fetch, plans an incremental run from the cursor: only the lag window', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context({ tickers: ['AAPL'] });
    const { pages } = await collectPages(source.pages({ tickers: { AAPL: { firstDate: '2022-01-03', lastDate: '2025-03-13' } } }, ctx));
    expect(pages.map((p) => [p.request.params.from, p.request.params.to, p.request.params.reason])).toEqual([['2025-03-07', today, 'incremental']]);
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    expect(rows.map((r) => r.date)).toEqual(['2025-03-07', '2025-03-10', '2025-03-11', '2025-03-12', '2025-03-13', '2025-03-14']);
  });

  it('retries the plain-text 429, waiting at least Retry-After, and a 500', async () => {
    const source = createYahooPriceSource();
    const { ctx, sleep } = context();
    server.faults.rateLimit('/v8/finance/chart/AAPL', { times: 2, retryAfterS: 3 });
    server.faults.serverError('/v8/finance/chart/MSFT', { times: 1 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], '2025-01-02', today), ctx));
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
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'ZZZQ', 'MSFT'], '2025-01-02', today), ctx));
    expect(pages.map((p) => p.request.params.ticker)).toEqual(['AAPL', 'MSFT']);
    expect(error).toBeInstanceOf(UnknownTickerError);
    expect(error).toMatchObject({ retriable: false, ticker: 'ZZZQ' });
    expect((error as Error).message).toBe('yahoo does not know ZZZQ (chart.error Not Found: No data found, symbol may be delisted); check the watchlist');
  });

  it('a truncated (non-JSON) answer fails only its ticker, as a terminal InvalidResponseError', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    server.faults.malformedJson('/v8/finance/chart/AAPL', { times: 1 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], '2025-01-02', today), ctx));
    expect(pages.map((p) => p.request.params.ticker)).toEqual(['MSFT']);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ retriable: false });
  });

  it('an auth failure is a terminal AuthError that stops the run at once', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context();
    server.faults.serverError('/v8/finance/chart/', { times: 5, status: 401 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], '2025-01-02', today), ctx));
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(AuthError);
    expect(server.requests.count()).toBe(1);
  });

  it('a split after the stored lastDate re-fetches the stored history in the same pages call, once', async () => {
    const source = createYahooPriceSource();
    const { ctx, log } = context({ tickers: ['NVDA'] });
    const stored: PriceCursor = { tickers: { NVDA: { firstDate: '2023-06-01', lastDate: '2024-06-07' } } };
    const { pages, error } = await collectPages(source.pages(stored, ctx));
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.request.params.reason, p.request.params.from, p.request.params.to])).toEqual([
      ['incremental', '2024-06-03', today],
      ['split', '2023-06-01', '2024-05-30'],
      ['split', '2024-05-31', '2024-06-07'],
    ]);
    const normalized = normalizeAll(source, pages);
    expect(normalized[0]!.splits).toEqual([{ ticker: 'NVDA', date: '2024-06-10', numerator: 10, denominator: 1, ratio: 10 }]);
    const refetched = normalized.slice(1).flatMap((n) => n.rows);
    expect(refetched).toEqual(expectedPriceBars({ source: 'yahoo', ticker: 'NVDA', from: '2023-06-01', to: '2024-06-07', today }));
    expect(log.lines.some((l) => l.message === 'price ranges re-fetched')).toBe(true);

    // The next run stored past the split: the split in its lag window is old news.
    server.requests.clear();
    const after = nextPriceCursor(stored, normalized.flatMap((n) => n.rows));
    const second = await collectPages(source.pages(after, ctx));
    expect(second.pages.map((p) => p.request.params.reason)).toEqual(['incremental']);
    expect(server.requests.count()).toBe(1);
  });

  it('refetchOnSplit: false leaves the re-fetch to the caller', async () => {
    const source = createYahooPriceSource();
    const { ctx } = context({ tickers: ['NVDA'], refetchOnSplit: false });
    const { pages } = await collectPages(source.pages({ tickers: { NVDA: { firstDate: '2023-06-01', lastDate: '2024-06-07' } } }, ctx));
    expect(pages).toHaveLength(1);
  });

  it('keeps no secret-looking value in pages, logs or errors (keyless: the URL has no credentials)', async () => {
    const source = createYahooPriceSource();
    const { ctx, log } = context();
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'ZZZQ'], '2025-01-02', today), ctx));
    const text = serialised(pages, log.lines, [error]);
    expect(text).not.toMatch(/apikey|secret|authorization/i);
  });
});
