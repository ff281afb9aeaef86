/** Yahoo Finance RSS items -> provider-neutral article candidates. Pure: no I/O, no clock. */
import { toNewsArticleCandidate, type NewsArticleCandidate } from '../../schemas/news';
import { toIssues } from '../../schemas/quarantine';
import type { Normalized, RawPage } from '../types';
import { YahooRssItemWire, type YahooRssWire } from './wire';

/** RFC-822 `pubDate` ('Tue, 14 Jan 2025 17:21:00 +0000') as ISO-8601 UTC, or the text unchanged when unreadable. */
export function rfc822ToIso(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : value;
}

/**
 * Maps one feed answer. `symbols` is the symbol the request asked for (`page.request.params.symbol`;
 * one request per symbol, so the attribution is exact). The id is 'yahoo:' + the guid (or the link
 * when there is no guid); created_at = updated_at = pubDate, since RSS has no update time; the
 * description (often HTML) becomes the plain-text summary; author, source and content are null.
 */
export function normalizeYahooRss(
  wire: YahooRssWire,
  page: Pick<RawPage, 'request'>,
): Normalized<NewsArticleCandidate> {
  const out: Normalized<NewsArticleCandidate> = { rows: [], problems: [], skipped: {} };
  const symbol = page.request.params.symbol;
  wire.items.forEach((record, i) => {
    const parsed = YahooRssItemWire.safeParse(record);
    if (!parsed.success) {
      out.problems.push({ path: `items.${i}`, record, issues: toIssues(parsed.error) });
      return;
    }
    const item = parsed.data;
    const key = item.guid || item.link;
    const published = rfc822ToIso(item.pubDate);
    out.rows.push(
      toNewsArticleCandidate({
        id: key ? `yahoo:${key}` : undefined,
        headline: item.title,
        summary: item.description,
        content: null,
        author: null,
        source: null,
        url: item.link,
        symbols: symbol ? [symbol] : [],
        created_at: published,
        updated_at: published,
        provider: 'yahoo',
      }),
    );
  });
  return out;
}
