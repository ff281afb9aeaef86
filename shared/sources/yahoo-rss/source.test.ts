/** Yahoo headline RSS as a Source, against the replay server's feed. */
import { startNewsReplayServer, type NewsReplayServer } from '../../../dev/replay-news/server';
import { createHttpClient } from '../../http';
import { createSilentLogger } from '../../log';
import { checkNewsArticle } from '../../schemas/news';
import type { RawPage } from '../types';
import { createYahooRssSource, rfc822ToIso, YahooRssWire } from '.';

let server: NewsReplayServer;
beforeAll(async () => {
  server = await startNewsReplayServer({ now: () => Date.parse('2024-06-14T10:00:00Z') });
  server.publish(40);
});
afterAll(() => server.stop());

it('parses RFC-822 dates', () => {
  expect(rfc822ToIso('Tue, 14 Jan 2025 17:21:00 +0000')).toBe('2025-01-14T17:21:00.000Z');
  expect(rfc822ToIso('someday')).toBe('someday');
});

it('rejects a body that is not RSS', () => {
  expect(YahooRssWire.safeParse('<html><body>blocked</body></html>').success).toBe(false);
  expect(YahooRssWire.safeParse('{"not":"xml"}').success).toBe(false);
  expect(YahooRssWire.parse('<rss version="2.0"><channel><title>t</title></channel></rss>')).toEqual({ items: [] });
});

it('fetches one feed per symbol and maps items to valid plain-text articles', async () => {
  const source = createYahooRssSource();
  const ctx = {
    http: createHttpClient({ baseUrl: server.baseUrl, timeoutMs: 5_000, maxRetries: 0 }),
    log: createSilentLogger(),
    now: () => new Date(),
    config: { watchlist: ['AAPL', 'MSFT'] },
  };
  const pages: RawPage[] = [];
  for await (const page of source.pages({ updatedAt: null }, ctx)) pages.push(page);
  expect(pages.map((p) => p.request.params.symbol)).toEqual(['AAPL', 'MSFT']);
  expect(typeof pages[0]!.body).toBe('string');
  const rows = pages.flatMap((page) => source.normalize(source.wire.parse(page.body), page).rows);
  const expected = server.history().filter((r) => r.symbols.includes('AAPL') || r.symbols.includes('MSFT'));
  expect(rows).toHaveLength(
    server.history().filter((r) => r.symbols.includes('AAPL')).length +
      server.history().filter((r) => r.symbols.includes('MSFT')).length,
  );
  expect(new Set(rows.map((r) => r.id))).toEqual(new Set(expected.map((r) => `yahoo:replay-${r.id}`)));
  for (const row of rows) {
    const verdict = checkNewsArticle(row);
    expect(verdict.ok).toBe(true);
    if (verdict.ok) expect(verdict.article.summary ?? '').not.toMatch(/<p>|&amp;/);
  }
  const script = rows.find((r) => String(r.headline).startsWith('<script>'));
  expect(script?.headline).toMatch(/^<script>alert\("xss-\d+"\)<\/script>/);
});
