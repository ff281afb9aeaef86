/**
 * Deterministic news articles for the replay server: article `index` always has the same id,
 * symbols and text; only its timestamps come from the moment it was published (a clock the
 * server takes as an option). Some articles carry HTML content, some a `<script>` headline (for
 * XSS tests downstream), some empty strings (for the empty -> null normalisation).
 */

/** An article in Alpaca's REST shape (the stream sends it without `images`, with `"T":"n"`). */
export interface ReplayNewsRecord {
  id: number;
  headline: string;
  author: string;
  created_at: string;
  updated_at: string;
  summary: string;
  content: string;
  url: string;
  images: { size: string; url: string }[];
  symbols: string[];
  source: string;
}

/** Symbols articles are tagged with, in rotation. */
export const REPLAY_NEWS_SYMBOLS = [
  'AAPL',
  'MSFT',
  'NVDA',
  'TSLA',
  'AMZN',
  'GOOGL',
  'META',
  'JPM',
  'BRK.B',
  'BTCUSD',
] as const;

/** Default id of article 0 (Alpaca's ids are 8-digit integers by now). */
export const DEFAULT_FIRST_NEWS_ID = 40_000_000;

/** RFC-3339 with whole seconds, as Alpaca writes timestamps. */
export function rfc3339Seconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Which kinds of text article `index` has; tests use it to pick cases. */
export function articleTraits(index: number): {
  html: boolean;
  scriptHeadline: boolean;
  emptySummary: boolean;
  emptyAuthor: boolean;
  updatedLater: boolean;
} {
  return {
    html: index % 5 === 0,
    scriptHeadline: index % 7 === 3,
    emptySummary: index % 4 === 1,
    emptyAuthor: index % 6 === 2,
    updatedLater: index % 3 === 0,
  };
}

/** Article `index` (0-based), published at `publishedAtMs`. Pure. */
export function replayNewsArticle(
  index: number,
  publishedAtMs: number,
  firstId = DEFAULT_FIRST_NEWS_ID,
): ReplayNewsRecord {
  const id = firstId + index;
  const n = REPLAY_NEWS_SYMBOLS.length;
  const primary = REPLAY_NEWS_SYMBOLS[index % n]!;
  const symbols = index % 3 === 2 ? [...new Set([primary, REPLAY_NEWS_SYMBOLS[(index * 7 + 3) % n]!])] : [primary];
  const traits = articleTraits(index);
  const headline = traits.scriptHeadline
    ? `<script>alert("xss-${id}")</script> ${primary} shares jump after report`
    : `${primary} update #${id}: analysts weigh in`;
  const content = traits.html
    ? `<p>Article <b>${id}</b> covers <a class="ticker" href="https://www.benzinga.com/stock/${primary}">${primary}</a> &amp; peers &ldquo;today&rdquo;.</p><p>Second&nbsp;paragraph.<br>Line two.</p>`
    : `Plain content of article ${id} about ${primary}.`;
  const created = rfc3339Seconds(publishedAtMs);
  return {
    id,
    headline,
    author: traits.emptyAuthor ? '' : 'Replay Newsdesk',
    created_at: created,
    updated_at: traits.updatedLater ? rfc3339Seconds(publishedAtMs + 1000) : created,
    summary: traits.emptySummary ? '' : `Summary of article ${id} about ${primary}.`,
    content,
    url: `https://www.benzinga.com/news/replay/${id}`,
    images:
      index % 2 === 0
        ? [
            { size: 'thumb', url: `https://cdn.benzinga.com/replay/${id}-thumb.jpg` },
            { size: 'large', url: `https://cdn.benzinga.com/replay/${id}.jpg` },
          ]
        : [],
    symbols,
    source: 'benzinga',
  };
}

/** The stream form of a record: `"T":"n"` first, no `images`. */
export function toStreamMessage(record: ReplayNewsRecord): Record<string, unknown> {
  const { images: _images, ...rest } = record;
  return { T: 'n', ...rest };
}
