/**
 * The Polygon price source against the real replay server through the real HTTP client: next_url
 * paging with the key re-appended, exact rows, retries, auth, unknown tickers, and the key kept
 * out of every URL, page, log line and error.
 */
import { Secret } from '../../config/secret';
import { AuthError } from '../../errors';
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
import type { PriceCursor } from '../prices/cursor';
import type { SourceContext } from '../types';
import { createPolygonPriceSource, type PolygonPriceConfig } from './source';

const today = '2025-03-14';
const now = () => new Date('2025-03-14T21:00:00Z');
const tickers = ['AAPL', 'MSFT', 'NVDA'];
const apiKey = 'PLANTED-POLY-9e8d7c';
let server: PriceReplayServer;

beforeAll(async () => {
  server = await startPriceReplayServer({ today, unknownTickers: ['ZZZQ'], credentials: { polygon: { apiKey } } });
});
afterAll(() => server.stop());
beforeEach(() => {
  server.faults.clear();
  server.requests.clear();
});

function context(config: Partial<PolygonPriceConfig> = {}) {
  const sleep = recordingSleep();
  const log = recordingLogger();
  const http = createPriceSourceHttp('polygon', {
    baseUrl: server.baseUrl,
    rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 },
    sleep,
    random: () => 0,
    logger: log,
    maxRetries: 3,
  });
  const ctx: SourceContext<PolygonPriceConfig> = {
    http,
    log,
    now,
    config: { apiKey: new Secret(apiKey), pageLimit: 200, ...config },
  };
  return { ctx, sleep, log };
}

/** A backfill cursor: one range per ticker, [from, to]. */
const backfill = (names: string[], from: string, to: string): PriceCursor => fetchCursor(names, [[from, to]]);

describe('Polygon price source', () => {
  it('a 3-year backfill of 3 tickers, paged by next_url, yields exactly the expected bars once', async () => {
    const source = createPolygonPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(source.pages(backfill(tickers, '2022-03-14', today), ctx));
    expect(error).toBeUndefined();
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    let requests = 0;
    for (const ticker of tickers) {
      const expected = expectedPriceBars({
        source: 'polygon',
        ticker,
        from: '2022-03-14',
        to: today,
        today,
        adjusted: true,
      });
      expect(rows.filter((r) => r.ticker === ticker).sort((a, b) => a.date.localeCompare(b.date))).toEqual(expected);
      const pagesOf = Math.ceil(expected.length / 200);
      expect(pages.filter((p) => p.request.params.ticker === ticker)).toHaveLength(pagesOf);
      requests += pagesOf;
    }
    expect(new Set(rows.map((r) => `${r.ticker}|${r.date}`)).size).toBe(rows.length);
    expect(server.requests.count('/v2/aggs/ticker/')).toBe(requests);
    // Follow-up pages went to next_url (epoch-ms bounds) with the key re-appended: all answered 200.
    expect(server.requests.all().every((r) => r.status === 200)).toBe(true);
    expect(pages[1]!.request.url).toMatch(
      /\/v2\/aggs\/ticker\/AAPL\/range\/1\/day\/\d{13}\/\d{13}\?adjusted=true&sort=asc&limit=200$/,
    );
    expect(pages[0]!.request.url).toMatch(/\/range\/1\/day\/2022-03-14\/2025-03-14\?adjusted=true&sort=asc&limit=200$/);
  });

  it('retries a 429 (waiting Retry-After) and a 500', async () => {
    const source = createPolygonPriceSource();
    const { ctx, sleep } = context();
    server.faults.rateLimit('/v2/aggs/ticker/AAPL', { times: 1, retryAfterS: 12 });
    server.faults.serverError('/v2/aggs/ticker/AAPL', { times: 1, status: 502 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL'], '2025-01-02', today), ctx));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(server.requests.all().map((r) => r.status)).toEqual([429, 502, 200]);
    expect(sleep.delays).toEqual([12_000, 0]);
  });

  it('a wrong key is a terminal AuthError, not retried', async () => {
    const source = createPolygonPriceSource();
    const { ctx, log } = context({ apiKey: new Secret('PLANTED-WRONG-KEY-5566') });
    const { pages, error } = await collectPages(source.pages(backfill(tickers, '2025-01-02', today), ctx));
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ status: 401, retriable: false });
    expect((error as Error).message).toMatch(/Unknown API Key/);
    expect(server.requests.count()).toBe(1);
    expect(serialised(pages, log.lines, [error])).not.toMatch(/PLANTED/);
  });

  it('an unknown ticker is a per-ticker UnknownTickerError; the others are still fetched', async () => {
    const source = createPolygonPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(source.pages(backfill(['ZZZQ', 'MSFT'], '2025-01-02', today), ctx));
    expect(pages.map((p) => p.request.params.ticker)).toEqual(['ZZZQ', 'MSFT']);
    expect(normalizeAll(source, pages)[1]!.rows.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(UnknownTickerError);
    expect((error as Error).message).toBe(
      'polygon returned no bars for ZZZQ from 2025-01-02 to 2025-03-14: the symbol is unknown to the provider or delisted; check the watchlist',
    );
  });

  it('keeps the planted key out of pages, URLs, logs and errors, even when retries run out', async () => {
    const source = createPolygonPriceSource();
    const { ctx, log } = context({ pageLimit: 20 });
    server.faults.rateLimit('/v2/aggs/ticker/AAPL', { times: 1 });
    server.faults.serverError(/\/v2\/aggs\/ticker\/MSFT\/range\/1\/day\/\d{13}/, { times: 10 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'MSFT'], '2025-01-02', today), ctx));
    expect(pages.length).toBeGreaterThan(3);
    expect(error).toMatchObject({ retriable: true, status: 500 });
    const text = serialised(pages, log.lines, [error]);
    expect(text).toContain('/v2/aggs/ticker/MSFT');
    expect(text).not.toContain(apiKey);
    expect(pages.every((p) => !/apiKey/i.test(p.request.url))).toBe(true);
  });
});
