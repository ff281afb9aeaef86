/** The news definition's pure parts: validation, cursors, planning per scope, ticker rows, the request body and settings. */
import { loadConfig } from '../../config';
import { ConfigError } from '../../errors';
import { createSilentLogger } from '../../log';
import { toNewsArticleCandidate, type NewsArticle, type NewsArticleCandidate } from '../../schemas/news';
import type { Source } from '../../sources/types';
import { createNewsDefinition, laterNewsCursor, validateNewsRows, type NewsScopeCursor } from './definition';
import { parseNewsRequest } from './request';
import { newsSettingsFrom, toAlpacaSymbol, toYahooSymbol } from './settings';

const article = (id: string, updatedAt: string, symbols: string[]): NewsArticle => ({
  id,
  headline: `H ${id}`,
  summary: null,
  content: null,
  author: null,
  source: 'benzinga',
  url: null,
  symbols,
  created_at: '2024-06-14T10:00:00.000Z',
  updated_at: updatedAt,
  provider: 'alpaca',
});

function definition(scopes: ('watchlist' | 'market')[] = ['watchlist', 'market']) {
  const seen: { cursor: unknown; config: unknown }[] = [];
  const source: Source<
    { updatedAt: string | null },
    unknown,
    NewsArticleCandidate,
    { marketWide: boolean; watchlist: string[] }
  > = {
    name: 'fake-news',
    wire: undefined as never,
    keys: ['id'],
    async *pages(cursor, ctx) {
      seen.push({ cursor, config: ctx.config });
    },
    normalize: () => ({ rows: [], problems: [], skipped: {} }),
    nextCursor: (cursor) => ({ updatedAt: cursor.updatedAt === null ? '2024-06-14T11:00:00.000Z' : cursor.updatedAt }),
  };
  const def = createNewsDefinition({
    source,
    context: {
      http: undefined as never,
      log: createSilentLogger(),
      now: () => new Date(),
      config: { marketWide: true, watchlist: ['AAPL'] },
    },
    scopes,
    configFor: (scope, config) =>
      scope === 'watchlist' ? { ...config, marketWide: false } : { ...config, watchlist: [] },
  });
  return { def, seen };
}

describe('validateNewsRows', () => {
  it('passes contract-valid candidates and rejects the rest with every reason, by index', () => {
    const good = toNewsArticleCandidate({
      id: 7,
      headline: ' H ',
      summary: '<p>A &amp; B</p>',
      author: '',
      created_at: '2024-06-14T10:00:00Z',
      updated_at: '2024-06-14T10:00:01Z',
      symbols: ['aapl'],
      provider: 'alpaca',
    });
    const bad = toNewsArticleCandidate({
      id: '',
      headline: '',
      created_at: 'soon',
      updated_at: '2024-06-14T10:00:01Z',
      url: 'ftp://x',
      provider: 'alpaca',
    });
    const result = validateNewsRows([good, bad]);
    expect(result.valid).toEqual([
      expect.objectContaining({ id: '7', headline: 'H', summary: 'A & B', author: null, symbols: ['AAPL'] }),
    ]);
    expect(result.rejected.map((r) => r.index)).toEqual([1]);
    expect(result.rejected[0]!.issues.map((i) => i.path).sort()).toEqual(['created_at', 'headline', 'id', 'url']);
  });
});

describe('cursors and plan', () => {
  const at = (updatedAt: string | null, scope: 'watchlist' | 'market' = 'market'): NewsScopeCursor => ({
    scope,
    updatedAt,
  });
  it.each([
    [undefined, at('2024-06-14T10:00:00.000Z'), at('2024-06-14T10:00:00.000Z')],
    [at(null), at('2024-06-14T10:00:00.000Z'), at('2024-06-14T10:00:00.000Z')],
    [at('2024-06-14T11:00:00.000Z'), at('2024-06-14T10:00:00.000Z'), at('2024-06-14T11:00:00.000Z')],
    [at('2024-06-14T09:00:00.000Z'), at('2024-06-14T10:00:00.000Z'), at('2024-06-14T10:00:00.000Z')],
    [at('2024-06-14T09:00:00.000Z'), at(null), at('2024-06-14T09:00:00.000Z')],
  ])('the later of %p and %p is %p', (stored, next, expected) => {
    expect(laterNewsCursor(stored, next)).toEqual(expected);
  });

  it('plans one slice per scope from its stored cursor, and narrows the source config to the scope', async () => {
    const { def, seen } = definition();
    const request = def.resolve({ mode: 'incremental', trigger: 'http' }, '2024-06-14');
    expect(request.scopes).toEqual(['watchlist', 'market']);
    const slices = def.plan(request, new Map([['market', at('2024-06-14T09:00:00.000Z')]]), '2024-06-14');
    expect(slices).toEqual([
      { id: 'watchlist', scope: 'watchlist', cursor: at(null, 'watchlist') },
      { id: 'market', scope: 'market', cursor: at('2024-06-14T09:00:00.000Z') },
    ]);
    for (const slice of slices) for await (const _ of def.source.pages(slice.cursor)) void _;
    expect(seen).toEqual([
      { cursor: { updatedAt: null }, config: { marketWide: false, watchlist: ['AAPL'] } },
      { cursor: { updatedAt: '2024-06-14T09:00:00.000Z' }, config: { marketWide: true, watchlist: [] } },
    ]);
    expect(def.source.nextCursor(slices[0]!.cursor, [])).toEqual(at('2024-06-14T11:00:00.000Z', 'watchlist'));
  });

  it('drops requested scopes the source cannot fetch', () => {
    const { def } = definition(['watchlist']);
    expect(
      def.resolve({ mode: 'incremental', trigger: 'http', scopes: ['market', 'watchlist'] }, '2024-06-14').scopes,
    ).toEqual(['watchlist']);
    expect(def.plan({ mode: 'incremental', trigger: 'http', scopes: ['market'] }, new Map(), '2024-06-14')).toEqual([]);
  });
});

describe('related news_tickers rows', () => {
  it('are one per symbol of the newest version of each id in the page', () => {
    const { def } = definition();
    const valid = [
      article('1', '2024-06-14T10:00:00.000Z', ['AAPL', 'MSFT']),
      article('2', '2024-06-14T10:00:00.000Z', []),
      article('1', '2024-06-14T10:05:00.000Z', ['NVDA']),
    ];
    const [related, ...more] = def.related!(
      { normalized: { rows: valid, problems: [], skipped: {} }, valid },
      '2024-06-14T12:00:00.000Z',
      '2024-06-14',
    );
    expect(more).toEqual([]);
    expect(related!.table.name).toBe('news_tickers');
    expect(related!.rows).toEqual([{ article_id: '1', ticker: 'NVDA', created_at: '2024-06-14T10:00:00.000Z' }]);
  });
});

describe('parseNewsRequest', () => {
  it.each([undefined, null, '', {}])('%p is a full incremental run', (body) => {
    expect(parseNewsRequest(body, 'schedule')).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'schedule' },
    });
  });
  it('reads scopes and a run id, and names every problem', () => {
    expect(parseNewsRequest({ mode: 'incremental', scopes: ['market', 'market'], runId: 'r-1' }, 'http')).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'http', scopes: ['market'], runId: 'r-1' },
    });
    const bad = parseNewsRequest({ mode: 'backfill', scopes: [], runId: '../x', what: 1 }, 'http');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.problems.map((p) => p.path).sort()).toEqual(['', 'mode', 'runId', 'scopes']);
  });
});

describe('newsSettingsFrom', () => {
  it('defaults to the prices watchlist, market-wide, a 15 minute lag and pages of 50; keys absent', () => {
    const settings = newsSettingsFrom(loadConfig({ PRICES_WATCHLIST: 'AAPL,BRK-B' }));
    expect(settings).toMatchObject({
      watchlist: ['AAPL', 'BRK-B'],
      marketWide: true,
      lagWindowMs: 900_000,
      initialLookbackMs: 86_400_000,
      pageSize: 50,
      alpacaBaseUrl: 'https://data.alpaca.markets',
      rssBaseUrl: 'https://feeds.finance.yahoo.com',
      alpacaKeys: undefined,
    });
    expect(settings.missingKeys).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
  });
  it('reads the news settings and both keys', () => {
    const settings = newsSettingsFrom(
      loadConfig({
        NEWS_WATCHLIST: ' nvda, brk.b ,nvda',
        NEWS_MARKET_WIDE: 'false',
        NEWS_LAG_WINDOW_MINUTES: '30',
        NEWS_PAGE_SIZE: '10',
        APCA_API_KEY_ID: 'k',
        APCA_API_SECRET_KEY: 's',
      }),
    );
    expect(settings).toMatchObject({
      watchlist: ['NVDA', 'BRK.B'],
      marketWide: false,
      lagWindowMs: 1_800_000,
      pageSize: 10,
      missingKeys: [],
    });
    expect(settings.alpacaKeys?.keyId.reveal()).toBe('k');
    expect(JSON.stringify(settings)).not.toMatch(/"k"|"s"/);
  });
  it('rejects a bad watchlist and out-of-range numbers', () => {
    expect(() => newsSettingsFrom(loadConfig({ NEWS_WATCHLIST: 'AAPL,not a symbol' }))).toThrow(ConfigError);
    expect(() => loadConfig({ NEWS_PAGE_SIZE: '51', NEWS_MARKET_WIDE: 'maybe' })).toThrow(
      /NEWS_PAGE_SIZE[\s\S]*NEWS_MARKET_WIDE|NEWS_MARKET_WIDE[\s\S]*NEWS_PAGE_SIZE/,
    );
  });
  it.each([
    ['BRK-B', 'BRK.B', 'BRK-B'],
    ['BRK.B', 'BRK.B', 'BRK-B'],
    ['BTCUSD', 'BTCUSD', 'BTCUSD'],
    ['AAPL', 'AAPL', 'AAPL'],
  ])('%s is %s for Alpaca and %s for Yahoo', (symbol, alpaca, yahoo) => {
    expect(toAlpacaSymbol(symbol)).toBe(alpaca);
    expect(toYahooSymbol(symbol)).toBe(yahoo);
  });
});
