/** Alpaca news as a Source: pure parts table-driven, paging against the replay server's REST endpoint. */
import { startNewsReplayServer, type NewsReplayServer } from '../../../dev/replay-news/server';
import { createHttpClient } from '../../http';
import { createSilentLogger } from '../../log';
import { checkNewsArticle } from '../../schemas/news';
import type { RawPage, SourceContext } from '../types';
import {
  createAlpacaNewsSource,
  nextNewsCursor,
  newsWindow,
  normalizeAlpacaNews,
  type AlpacaNewsSourceConfig,
} from '.';

const secret = (value: string) => ({ reveal: () => value });

describe('normalizeAlpacaNews', () => {
  it('maps good records to candidates and bad ones to problems', () => {
    const good = {
      id: 7,
      headline: 'H',
      author: '',
      created_at: '2024-01-02T03:04:05Z',
      updated_at: '2024-01-02T03:04:06Z',
      summary: '<p>S</p>',
      url: 'https://x.test/7',
      images: [],
      symbols: ['AAPL'],
      source: 'benzinga',
    };
    const out = normalizeAlpacaNews({ news: [good, { id: 'x', headline: 3 }], next_page_token: null });
    expect(out.rows).toEqual([
      expect.objectContaining({ id: '7', summary: 'S', author: null, content: null, images: [], provider: 'alpaca' }),
    ]);
    expect(checkNewsArticle(out.rows[0]).ok).toBe(true);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]!.path).toBe('news.1');
    expect(out.problems[0]!.issues.map((i) => i.path).sort()).toEqual(['created_at', 'headline', 'id', 'updated_at']);
  });
});

describe('cursor and window', () => {
  const config = { lagWindowMs: 15 * 60_000, initialLookbackMs: 24 * 3_600_000 };
  const now = new Date('2024-06-14T12:00:00.000Z');
  it.each([
    [{ updatedAt: null }, '2024-06-13T12:00:00.000Z'],
    [{ updatedAt: '2024-06-14T11:00:00.000Z' }, '2024-06-14T10:45:00.000Z'],
    [{ updatedAt: '2024-06-14T11:59:00.000Z' }, '2024-06-14T11:44:00.000Z'],
  ])('cursor %p starts the window at %s', (cursor, start) => {
    expect(newsWindow(cursor, config, now)).toEqual({ start, end: '2024-06-14T12:00:00.000Z' });
  });
  it('advances to the newest valid updated_at and never backwards', () => {
    const cursor = { updatedAt: '2024-06-14T10:00:00.000Z' };
    expect(
      nextNewsCursor(cursor, [
        { updated_at: '2024-06-14T11:00:00.000Z' },
        { updated_at: 'junk' },
        { updated_at: '2024-06-14T09:00:00.000Z' },
      ]),
    ).toEqual({ updatedAt: '2024-06-14T11:00:00.000Z' });
    expect(nextNewsCursor(cursor, [])).toEqual(cursor);
    expect(nextNewsCursor({ updatedAt: null }, [])).toEqual({ updatedAt: null });
  });
});

describe('pages against the replay server', () => {
  let server: NewsReplayServer;
  const t0 = Date.parse('2024-06-14T10:00:00Z');
  let clock = t0;
  beforeAll(async () => {
    server = await startNewsReplayServer({ now: () => clock });
    for (let i = 0; i < 120; i++) {
      clock = t0 + i * 30_000; // one article every 30 s from 10:00
      server.publish(1);
    }
    clock = Date.parse('2024-06-14T12:00:00Z');
  });
  afterAll(() => server.stop());

  const ctx = (config: Partial<AlpacaNewsSourceConfig>): SourceContext<AlpacaNewsSourceConfig> => ({
    http: createHttpClient({ baseUrl: server.baseUrl, timeoutMs: 5_000, maxRetries: 2 }),
    log: createSilentLogger(),
    now: () => new Date(clock),
    config: {
      keyId: secret(server.credentials.keyId),
      secretKey: secret(server.credentials.secretKey),
      watchlist: [],
      marketWide: true,
      lagWindowMs: 15 * 60_000,
      initialLookbackMs: 24 * 3_600_000,
      ...config,
    },
  });

  async function run(cursor: { updatedAt: string | null }, config: Partial<AlpacaNewsSourceConfig>) {
    const source = createAlpacaNewsSource();
    const pages: RawPage[] = [];
    for await (const page of source.pages(cursor, ctx(config))) pages.push(page);
    const rows = pages.flatMap((page) => source.normalize(source.wire.parse(page.body), page).rows);
    return { pages, rows, source };
  }

  it('pages market-wide to the end (50 per page) and returns every article once, oldest first', async () => {
    server.requests.clear();
    const { pages, rows, source } = await run({ updatedAt: null }, {});
    expect(pages.map((p) => (p.body as { news: unknown[] }).news.length)).toEqual([50, 50, 20]);
    expect(rows.map((r) => Number(r.id))).toEqual(server.published());
    expect(
      server.requests
        .all()
        .every((r) => r.query.sort === 'asc' && r.query.include_content === 'true' && r.query.limit === '50'),
    ).toBe(true);
    const newest = server
      .history()
      .map((r) => r.updated_at)
      .sort()
      .at(-1)!;
    expect(source.nextCursor({ updatedAt: null }, rows)).toEqual({ updatedAt: new Date(newest).toISOString() });
  });

  it('re-reads only the lag window after the cursor', async () => {
    const { rows } = await run({ updatedAt: '2024-06-14T10:50:00.000Z' }, {});
    // window starts 10:35:00 (cursor - 15 min) on updated_at
    expect(rows.every((r) => String(r.updated_at) >= '2024-06-14T10:35:00.000Z')).toBe(true);
    expect(rows.map((r) => Number(r.id))).toEqual(
      server
        .history()
        .filter((r) => r.updated_at >= '2024-06-14T10:35:00Z')
        .map((r) => r.id),
    );
  });

  it('filters the watchlist window by symbols', async () => {
    const { pages, rows } = await run({ updatedAt: null }, { watchlist: ['NVDA'], marketWide: false });
    expect(pages.every((p) => p.request.params.scope === 'watchlist' && p.request.params.symbols === 'NVDA')).toBe(
      true,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => (r.symbols as string[]).includes('NVDA'))).toBe(true);
  });

  it('waits out a 429 with Retry-After and carries on', async () => {
    server.requests.clear();
    server.faults.rateLimit('/v1beta1/news', { retryAfterS: 1 });
    const started = Date.now();
    const { rows } = await run({ updatedAt: null }, {});
    expect(rows).toHaveLength(120);
    expect(server.requests.all().map((r) => r.status)).toEqual([429, 200, 200, 200]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
  });

  it('rejects with AuthError on bad keys', async () => {
    expect.assertions(1);
    try {
      await run({ updatedAt: null }, { keyId: secret('nope') });
    } catch (error) {
      expect((error as Error).name).toBe('AuthError');
    }
  });
});
