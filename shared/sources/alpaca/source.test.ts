/**
 * The Alpaca price source against the real replay server through the real HTTP client:
 * multi-symbol requests paged by next_page_token, exact rows, retries, auth, unknown tickers, and
 * no credential anywhere in what is kept.
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
import { PriceFetchFailures, UnknownTickerError } from '../prices/errors';
import { createPriceSourceHttp } from '../prices/registry';
import type { PriceCursor } from '../prices/cursor';
import type { SourceContext } from '../types';
import { createAlpacaPriceSource, type AlpacaPriceConfig } from './source';

const today = '2025-03-14';
const now = () => new Date('2025-03-14T21:00:00Z');
const tickers = ['AAPL', 'MSFT', 'NVDA'];
const planted = { keyId: 'PLANTED-KEYID-7f3a9c', secretKey: 'PLANTED-SECRET-1b2c3d' };
let server: PriceReplayServer;

beforeAll(async () => {
  server = await startPriceReplayServer({ today, unknownTickers: ['ZZZQ'], credentials: { alpaca: planted } });
});
afterAll(() => server.stop());
beforeEach(() => {
  server.faults.clear();
  server.requests.clear();
});

function context(config: Partial<AlpacaPriceConfig> = {}) {
  const sleep = recordingSleep();
  const log = recordingLogger();
  const http = createPriceSourceHttp('alpaca', {
    baseUrl: server.baseUrl,
    rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 },
    sleep,
    random: () => 0,
    logger: log,
    maxRetries: 3,
  });
  const ctx: SourceContext<AlpacaPriceConfig> = {
    http,
    log,
    now,
    config: { keyId: new Secret(planted.keyId), secretKey: new Secret(planted.secretKey), pageLimit: 500, ...config },
  };
  return { ctx, sleep, log };
}

/** A backfill cursor: each ticker's ranges over `spans` (one span unless a test cuts several). */
const backfill = (names: string[], ...spans: [string, string][]): PriceCursor => fetchCursor(names, spans);

describe('Alpaca price source', () => {
  it('a 3-year backfill of 3 tickers in one multi-symbol request, paged, yields exactly the expected bars once', async () => {
    const source = createAlpacaPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(source.pages(backfill(tickers, ['2022-03-14', today]), ctx));
    expect(error).toBeUndefined();
    const rows = normalizeAll(source, pages).flatMap((n) => n.rows);
    const expected = tickers.map((ticker) =>
      expectedPriceBars({ source: 'alpaca', ticker, from: '2022-03-14', to: today, today, adjusted: true }),
    );
    const total = expected.reduce((sum, bars) => sum + bars.length, 0);
    expect(pages).toHaveLength(Math.ceil(total / 500));
    expect(server.requests.count('/v2/stocks/bars')).toBe(pages.length);
    expect(
      server.requests.all().every((r) => r.query.symbols === 'AAPL,MSFT,NVDA' && r.query.adjustment === 'split'),
    ).toBe(true);
    tickers.forEach((ticker, i) => {
      expect(rows.filter((r) => r.ticker === ticker).sort((a, b) => a.date.localeCompare(b.date))).toEqual(expected[i]);
    });
    expect(rows).toHaveLength(total);
    expect(pages[1]!.request.params).toMatchObject({
      tickers: 'AAPL,MSFT,NVDA',
      from: '2022-03-14',
      to: today,
      reason: 'backfill',
      adjustment: 'split',
    });
    expect(pages[1]!.request.params.page_token).toEqual(expect.any(String));
  });

  it('adjustment raw gives traded prices and a null adj_close', async () => {
    const source = createAlpacaPriceSource();
    const { ctx } = context({ adjustment: 'raw' });
    const { pages } = await collectPages(source.pages(backfill(['NVDA'], ['2024-06-03', '2024-06-14']), ctx));
    expect(normalizeAll(source, pages).flatMap((n) => n.rows)).toEqual(
      expectedPriceBars({
        source: 'alpaca',
        ticker: 'NVDA',
        from: '2024-06-03',
        to: '2024-06-14',
        today,
        adjusted: false,
      }),
    );
  });

  it('retries a 429 (waiting Retry-After) and a 500', async () => {
    const source = createAlpacaPriceSource();
    const { ctx, sleep } = context();
    server.faults.rateLimit('/v2/stocks/bars', { times: 1, retryAfterS: 2 });
    server.faults.serverError('/v2/stocks/bars', { times: 1 });
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL'], ['2025-01-02', today]), ctx));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(server.requests.all().map((r) => r.status)).toEqual([429, 500, 200]);
    expect(sleep.delays).toEqual([2_000, 0]);
  });

  it('bad credentials: a terminal AuthError, not retried, with no credential in it', async () => {
    const source = createAlpacaPriceSource();
    const { ctx, log } = context({ secretKey: new Secret('PLANTED-WRONG-SECRET-44aa') });
    const { pages, error } = await collectPages(
      source.pages(
        backfill(tickers, ['2023-01-02', '2024-01-01'], ['2024-01-02', '2024-12-31'], ['2025-01-01', today]),
        ctx,
      ),
    );
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ retriable: false, status: 403 });
    expect(server.requests.count()).toBe(1);
    expect(serialised(pages, log.lines, [error])).not.toMatch(/PLANTED/);
  });

  it('an unknown ticker (no bars where a listed symbol has some) is a per-ticker UnknownTickerError', async () => {
    const source = createAlpacaPriceSource();
    const { ctx } = context();
    const { pages, error } = await collectPages(source.pages(backfill(['AAPL', 'ZZZQ'], ['2025-01-02', today]), ctx));
    expect(
      normalizeAll(source, pages)
        .flatMap((n) => n.rows)
        .every((r) => r.ticker === 'AAPL'),
    ).toBe(true);
    expect(pages.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(UnknownTickerError);
    expect((error as Error).message).toBe(
      'alpaca returned no bars for ZZZQ from 2025-01-02 to 2025-03-14: the symbol is unknown to the provider or delisted; check the watchlist',
    );
  });

  it('a ticker with stored history, or an old empty range, is not reported unknown', async () => {
    const source = createAlpacaPriceSource();
    const { ctx } = context();
    const range = {
      id: 'ZZZQ:2025-01-02:2025-03-14',
      ticker: 'ZZZQ',
      from: '2025-01-02',
      to: today,
      reason: 'incremental' as const,
    };
    const known = await collectPages(
      source.pages({ tickers: { ZZZQ: { lastDate: '2024-12-31' } }, fetch: [range] }, ctx),
    );
    expect(known.error).toBeUndefined();
    const old = await collectPages(source.pages(backfill(['ZZZQ'], ['2022-01-03', '2022-12-30']), ctx));
    expect(old.error).toBeUndefined();
  });

  it('several failing ranges come back as one PriceFetchFailures naming each ticker', async () => {
    const source = createAlpacaPriceSource();
    const { ctx } = context({ symbolsPerRequest: 1 });
    server.faults.serverError('/v2/stocks/bars?symbols=MSFT', { times: 4 });
    const { pages, error } = await collectPages(
      source.pages(backfill(['AAPL', 'MSFT', 'ZZZQ'], ['2025-01-02', today]), ctx),
    );
    expect(pages.map((p) => p.request.params.tickers)).toEqual(['AAPL', 'ZZZQ']);
    expect(error).toBeInstanceOf(PriceFetchFailures);
    expect(error).toMatchObject({ retriable: true });
    expect((error as PriceFetchFailures).failures.map((f) => f.tickers)).toEqual([['MSFT'], ['ZZZQ']]);
    expect((error as Error).message).toMatch(/MSFT 2025-01-02\.\.2025-03-14: GET .* -> 500/);
  });

  it('keeps the planted key id and secret out of pages, URLs, logs and errors', async () => {
    const source = createAlpacaPriceSource();
    const { ctx, log } = context();
    server.faults.rateLimit('/v2/stocks/bars', { times: 1, retryAfterS: 1 });
    const ok = await collectPages(
      source.pages(backfill(tickers, ['2024-01-02', '2024-12-31'], ['2025-01-01', today]), ctx),
    );
    const bad = await collectPages(source.pages(backfill(['ZZZQ'], ['2025-01-02', today]), ctx));
    const text = serialised([...ok.pages, ...bad.pages], log.lines, [ok.error, bad.error]);
    expect(ok.pages.length).toBeGreaterThan(1);
    expect(text).not.toContain(planted.keyId);
    expect(text).not.toContain(planted.secretKey);
    expect(JSON.stringify(server.requests.all())).not.toContain(planted.secretKey);
  });
});
