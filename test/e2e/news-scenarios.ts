/**
 * The acceptance scenarios of the hourly news batch (per ticker and market-wide, every hour), written once and run
 * per backend through the REAL entry point (functions-framework's test server) against the news
 * replay server: paging to the end, updates by id, a 429 with Retry-After, the lag window, the
 * keyless RSS fallback, HTML stored as plain text, keys nowhere in the lake or the logs.
 */
import { articleTraits, type NewsReplayServer, type ReplayNewsRecord } from '../../dev/replay-news';
import { listKeys, startFunction, useEnvironment, type E2eBackend } from './prices-harness';
import {
  captureStdout,
  lakeTexts,
  ledgerRow,
  newsEnv,
  publishSpaced,
  startNewsReplay,
  storedNews,
  storedTickers,
} from './news-harness';

// The package exports `./testing`, which this tsconfig's node10 resolution cannot see; the types
// come from the file it maps to.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

export interface NewsScenarioOptions {
  makeBackend(): Promise<E2eBackend>;
  /** Only the combined paging + updates-by-id scenario (the BigQuery emulator takes few jobs). */
  small?: boolean;
}

const LAG_MIN = 15;
const minus = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();
const ids = (records: readonly ReplayNewsRecord[]) => records.map((r) => String(r.id)).sort();

/** Asserts a run succeeded, showing its error (and each failed slice's) when it did not. */
function expectSucceeded(summary: {
  status: string;
  error?: unknown;
  sliceReports?: { id: string; error?: unknown }[];
}): void {
  const errors = (summary.sliceReports ?? [])
    .filter((s) => s.error !== undefined)
    .map((s) => ({ slice: s.id, error: s.error }));
  expect({ status: summary.status, error: summary.error, errors }).toEqual({
    status: 'succeeded',
    error: undefined,
    errors: [],
  });
}

/** Registers the scenarios in the calling describe block. */
export function newsScenarios(options: NewsScenarioOptions): void {
  let fn: Awaited<ReturnType<typeof startFunction>>;
  // Undone after each scenario, last first: the environment, then the replay server and backend.
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    // Registers `news` with the framework, as the deployed function's module load does.
    require('../../functions/news');
    fn = await startFunction(getTestServer('news'));
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await fn?.stop();
  });

  /** A fresh backend and replay server, and the environment pointing the function at both. */
  async function setUp(extra: (replay: NewsReplayServer) => Record<string, string> = () => ({})) {
    const backend = await options.makeBackend();
    const { replay, clock } = await startNewsReplay();
    cleanups.push(
      () => backend.cleanup(),
      () => replay.stop(),
    );
    const restore = useEnvironment({
      ...backend.env,
      ...newsEnv(replay),
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      NEWS_LAG_WINDOW_MINUTES: String(LAG_MIN),
      NEWS_PAGE_SIZE: '10',
      NEWS_WATCHLIST: 'MSFT',
      NEWS_MARKET_WIDE: 'true',
      ...extra(replay),
    });
    cleanups.push(restore);
    return { backend, replay, clock };
  }

  it('pages to the end; in the next run a newer version of an article replaces its row and an older version of another does not', async () => {
    const { backend, replay, clock } = await setUp();
    publishSpaced(replay, clock, 12);
    const first = await fn.post({ scopes: ['market'] });
    expectSucceeded(first.json);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({
      status: 'succeeded',
      records: { in: 12, valid: 12, quarantined: 0 },
      merged: { inserted: 12, updated: 0 },
    });
    // 12 articles at 10 a page: 2 pages, the second asked with the first's next_page_token (null after it).
    expect(first.json.sliceReports).toEqual([expect.objectContaining({ id: 'market', pages: 2, status: 'succeeded' })]);
    expect(replay.requests.all().map((r) => r.query.page_token !== undefined)).toEqual([false, true]);
    const stored = await storedNews(backend);
    expect(stored.map((r) => r.id)).toEqual(ids(replay.history()));

    // Article 11 (symbols MSFT + AAPL) is edited five minutes later: new headline, symbols now NVDA only.
    const edited = { ...replay.history()[11]! };
    expect(edited.symbols).toEqual(['MSFT', 'AAPL']);
    clock.ms = Date.parse(edited.updated_at) + 5 * 60_000;
    const revised = replay.revise(edited.id, { headline: `Revised: ${edited.headline}`, symbols: ['NVDA'] });
    // A lagging replica serves an OLDER version of article 10 than the one stored, inside the lag window.
    const older = replay.history()[10]!;
    replay.serveVersion({
      ...older,
      headline: 'Stale copy of an old version',
      symbols: ['TSLA'],
      updated_at: minus(older.updated_at, 60_000),
    });
    replay.requests.clear();

    const second = await fn.post({ scopes: ['market'] });

    expectSucceeded(second.json);
    expect(second.json).toMatchObject({ status: 'succeeded', merged: { inserted: 0 } });
    expect(replay.requests.all()[0]!.query.start).toBe(
      minus(first.json.cursorAfter.market.updatedAt, LAG_MIN * 60_000),
    );
    const raw = [...(await lakeTexts(backend, 'raw/alpaca-news/')).entries()].filter(([key]) =>
      key.includes(second.json.runId),
    );
    expect(raw.some(([, text]) => text.includes('Stale copy of an old version'))).toBe(true);
    const after = new Map((await storedNews(backend)).map((row) => [row.id, row]));
    expect(after.size).toBe(12);
    expect(after.get(String(edited.id))).toMatchObject({
      headline: revised.headline,
      symbols: ['NVDA'],
      updated_at: new Date(revised.updated_at).toISOString(),
    });
    expect(after.get(String(older.id))).toEqual(stored.find((row) => row.id === String(older.id)));
    const tickers = await storedTickers(backend);
    // Ticker rows are only ever upserted: the symbols the newer version dropped stay (as the stream does) ...
    expect(tickers.filter((t) => t.startsWith(`${edited.id}|`))).toEqual([
      `${edited.id}|AAPL`,
      `${edited.id}|MSFT`,
      `${edited.id}|NVDA`,
    ]);
    // ... and a stale version adds none.
    expect(tickers.filter((t) => t.startsWith(`${older.id}|`))).toEqual(older.symbols.map((s) => `${older.id}|${s}`));
    expect(await ledgerRow(backend, second.json.runId)).toMatchObject({ status: 'succeeded', pipeline: 'news' });
  });

  if (options.small) return;

  it('answers 400 naming every problem of a bad body, without fetching', async () => {
    const { replay } = await setUp();
    const answer = await fn.post({ mode: 'backfill', scopes: ['moon'], extra: true });
    expect(answer.status).toBe(400);
    expect(answer.json.problems.map((p: { path: string }) => p.path).sort()).toEqual(['', 'mode', 'scopes.0']);
    expect(replay.requests.count()).toBe(0);
  });

  it('reads the watchlist and market-wide to the end; HTML becomes plain text, blanks null; keys reach neither lake nor logs', async () => {
    // No NEWS_WATCHLIST: the prices watchlist is the one list; BRK-B is asked of Alpaca as BRK.B.
    const { backend, replay, clock } = await setUp(() => ({
      NEWS_WATCHLIST: '',
      PRICES_WATCHLIST: 'AAPL,BRK-B',
      LOG_LEVEL: 'debug',
    }));
    publishSpaced(replay, clock, 45);
    const history = replay.history();
    const watched = history.filter((r) => r.symbols.includes('AAPL') || r.symbols.includes('BRK.B'));
    const logs = captureStdout();
    let run;
    try {
      run = await fn.post({});
      expectSucceeded(run.json);
    } finally {
      logs.stop();
    }
    expect(run.status).toBe(200);
    const total = 45 + watched.length;
    expect(run.json).toMatchObject({
      status: 'succeeded',
      records: { in: total, valid: total, quarantined: 0, skipped: 0 },
      slices: { total: 2, failed: 0 },
    });
    // Articles of the watchlist come again market-wide: each is stored once.
    expect(run.json.mergedByTable.news.inserted).toBe(45);
    expect(run.json.sliceReports.map((s: { id: string; pages: number }) => [s.id, s.pages])).toEqual([
      ['watchlist', Math.ceil(watched.length / 10)],
      ['market', 5],
    ]);
    const requests = replay.requests.all();
    expect(requests.filter((r) => r.query.symbols !== undefined).every((r) => r.query.symbols === 'AAPL,BRK.B')).toBe(
      true,
    );
    expect(
      requests.every(
        (r) =>
          r.status === 200 && r.query.limit === '10' && r.query.sort === 'asc' && r.query.include_content === 'true',
      ),
    ).toBe(true);

    const rows = await storedNews(backend);
    expect(rows.map((r) => r.id)).toEqual(ids(history));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const tickers = await storedTickers(backend);
    expect(tickers).toEqual(history.flatMap((r) => r.symbols.map((s) => `${r.id}|${s}`)).sort());
    const html = history.find((_, i) => articleTraits(i).html)!;
    expect(byId.get(String(html.id))!.content).toBe(
      `Article ${html.id} covers ${html.symbols[0]} & peers \u201ctoday\u201d.\nSecond paragraph.\nLine two.`,
    );
    expect(rows.every((r) => r.content === null || !/<\/?[a-z][^>]*>|&amp;|&nbsp;/i.test(r.content))).toBe(true);
    expect(byId.get(String(history.find((_, i) => articleTraits(i).emptySummary)!.id))!.summary).toBeNull();
    expect(byId.get(String(history.find((_, i) => articleTraits(i).emptyAuthor)!.id))!.author).toBeNull();
    const script = history.find((_, i) => articleTraits(i).scriptHeadline)!;
    expect(byId.get(String(script.id))!.headline).toBe(script.headline);

    // The lake keeps the HTML as received.
    const lake = await lakeTexts(backend);
    const rawPages = [...lake]
      .filter(([key]) => key.startsWith('raw/alpaca-news/'))
      .flatMap(([, text]) => text.trim().split('\n'));
    expect(rawPages).toHaveLength(requests.length);
    expect(rawPages.some((line) => line.includes(`<p>Article <b>${html.id}</b>`))).toBe(true);
    expect(await listKeys(backend.lake, 'clean/news/')).not.toHaveLength(0);
    expect(await listKeys(backend.lake, 'clean/news_tickers/')).not.toHaveLength(0);

    const secrets = [replay.credentials.keyId, replay.credentials.secretKey];
    expect(lake.size).toBeGreaterThan(0);
    for (const [key, text] of lake)
      for (const secret of secrets) expect({ key, leaked: text.includes(secret) }).toEqual({ key, leaked: false });
    const lines = logs.lines();
    expect(lines.some((l) => l.includes('run finished'))).toBe(true);
    expect(lines.some((l) => l.includes('http response'))).toBe(true);
    for (const secret of secrets) expect(lines.filter((l) => l.includes(secret))).toEqual([]);
    const ledger = await ledgerRow(backend, run.json.runId);
    for (const secret of secrets) expect(JSON.stringify(ledger)).not.toContain(secret);
  });

  it('each run asks from its cursor minus the lag window; re-reads add 0 rows, new articles are added', async () => {
    const { backend, replay, clock } = await setUp(() => ({ NEWS_WATCHLIST: 'AAPL' }));
    publishSpaced(replay, clock, 40, 60_000);
    const first = await fn.post({});
    expectSucceeded(first.json);
    expect(first.json).toMatchObject({ status: 'succeeded', merged: { inserted: 40 } });
    expect(first.json.cursorAfter.market.updatedAt).toBe(
      new Date(
        replay
          .history()
          .map((r) => Date.parse(r.updated_at))
          .sort()
          .at(-1)!,
      ).toISOString(),
    );

    replay.requests.clear();
    const second = await fn.post({});
    expectSucceeded(second.json);
    expect(second.json.cursorBefore).toEqual(first.json.cursorAfter);
    const requests = replay.requests.all();
    const market = requests.filter((r) => r.query.symbols === undefined);
    const watchlist = requests.filter((r) => r.query.symbols === 'AAPL');
    expect(market.length + watchlist.length).toBe(requests.length);
    const startMarket = minus(first.json.cursorAfter.market.updatedAt, LAG_MIN * 60_000);
    const startWatchlist = minus(first.json.cursorAfter.watchlist.updatedAt, LAG_MIN * 60_000);
    expect(market.length).toBeGreaterThan(0);
    expect(watchlist.length).toBeGreaterThan(0);
    expect(new Set(market.map((r) => r.query.start))).toEqual(new Set([startMarket]));
    expect(new Set(watchlist.map((r) => r.query.start))).toEqual(new Set([startWatchlist]));
    const inWindow = (r: ReplayNewsRecord, start: string) => Date.parse(r.updated_at) >= Date.parse(start);
    const reread =
      replay.history().filter((r) => inWindow(r, startMarket)).length +
      replay.history().filter((r) => r.symbols.includes('AAPL') && inWindow(r, startWatchlist)).length;
    expect(reread).toBeGreaterThan(0);
    expect(second.json).toMatchObject({ status: 'succeeded', records: { in: reread }, merged: { inserted: 0 } });
    expect(second.json.merged.updated).toBeGreaterThan(0);
    expect(await storedNews(backend)).toHaveLength(40);

    const fresh = publishSpaced(replay, clock, 3);
    const third = await fn.post({});
    expectSucceeded(third.json);
    expect(third.json).toMatchObject({ status: 'succeeded', merged: { inserted: 3 } });
    expect((await storedNews(backend)).map((r) => r.id)).toEqual(expect.arrayContaining(fresh.map(String)));
  });

  it('waits out a 429 for as long as Retry-After asks, then carries on', async () => {
    const { backend, replay, clock } = await setUp();
    publishSpaced(replay, clock, 12);
    replay.faults.rateLimit('/v1beta1/news', { retryAfterS: 2 });
    const run = await fn.post({ scopes: ['market'] });
    expectSucceeded(run.json);
    expect(run.json).toMatchObject({ status: 'succeeded', records: { valid: 12 }, slices: { failed: 0 } });
    const [limited, retried, ...rest] = replay.requests.all();
    expect([limited!.status, retried!.status, ...rest.map((r) => r.status)]).toEqual([429, 200, 200]);
    expect(retried!.pathAndQuery).toBe(limited!.pathAndQuery);
    expect(retried!.atMs! - limited!.atMs!).toBeGreaterThanOrEqual(2_000);
    expect(await storedNews(backend)).toHaveLength(12);
  });

  it('without Alpaca keys falls back to Yahoo RSS for the watchlist, and says so in the log', async () => {
    const { backend, replay, clock } = await setUp((r) => ({
      ...newsEnv(r, { keys: false }),
      NEWS_WATCHLIST: 'AAPL,MSFT',
      LOG_LEVEL: 'info',
    }));
    publishSpaced(replay, clock, 30);
    const logs = captureStdout();
    let run;
    try {
      run = await fn.post({});
      expectSucceeded(run.json);
    } finally {
      logs.stop();
    }
    expect(run.status).toBe(200);
    const tagged = (symbol: string) => replay.history().filter((r) => r.symbols.includes(symbol));
    const expected = [...new Set([...tagged('AAPL'), ...tagged('MSFT')])];
    expect(run.json).toMatchObject({
      status: 'succeeded',
      slices: { total: 1 },
      sliceReports: [expect.objectContaining({ id: 'watchlist', pages: 2 })],
    });
    expect(replay.requests.all().map((r) => `${r.path}?s=${r.query.s}`)).toEqual([
      '/rss/2.0/headline?s=AAPL',
      '/rss/2.0/headline?s=MSFT',
    ]);
    const rows = await storedNews(backend);
    expect(rows.map((r) => r.id).sort()).toEqual(expected.map((r) => `yahoo:replay-${r.id}`).sort());
    expect(
      rows.every((r) => r.provider === 'yahoo' && (r.summary === null || !/<\/?[a-z][^>]*>|&amp;/i.test(r.summary))),
    ).toBe(true);
    // Both feeds are kept raw (XML as received), one JSON line per answer.
    const raw = [...(await lakeTexts(backend, 'raw/yahoo-rss/')).values()].flatMap((text) =>
      text
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    );
    expect(raw.map((page) => [page.request.params.symbol, String(page.body).startsWith('<?xml')])).toEqual([
      ['AAPL', true],
      ['MSFT', true],
    ]);
    const fallback = logs.lines().filter((l) => l.includes('Yahoo RSS fallback'));
    expect(fallback).toHaveLength(1);
    expect(JSON.parse(fallback[0]!)).toMatchObject({
      severity: 'WARNING',
      missing: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
    });
  });
}
