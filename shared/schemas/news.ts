import { z } from 'zod';
import { toIssues, type ValidationIssue } from './quarantine';

/** Providers a news article can come from; `provider` in the warehouse says which one answered. */
export const NEWS_PROVIDERS = ['alpaca', 'yahoo'] as const;
export type NewsProvider = (typeof NEWS_PROVIDERS)[number];

/** Upper-case symbols as news providers tag them: equities ('AAPL', 'BRK.B') and crypto pairs ('BTCUSD', 'BTC/USD'). */
export const NEWS_SYMBOL_PATTERN = /^[A-Z0-9^][A-Z0-9.\-=^/]{0,19}$/;

const text = z.string().min(1);
const instant = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/ });

/** One picture of an article (Alpaca: size 'large' | 'small' | 'thumb'). */
export const NewsImage = z.object({ size: text, url: httpUrl });
export type NewsImage = z.infer<typeof NewsImage>;

/**
 * One news article, provider-neutral: the warehouse row of `news` and the `article` of a `news`
 * topic message. The natural key is `id`.
 *
 * - `id`: the provider's id as a string. Alpaca ids are decimal integers ('24918784'); other
 *   providers' ids carry their provider as a prefix ('yahoo:<guid>'), so ids never collide.
 * - `headline`: required, kept verbatim (it may contain markup: whoever renders it escapes it).
 * - `summary`, `content`: PLAIN TEXT (HTML converted by `htmlToText`), null when absent or empty.
 *   The HTML as sent stays in the lake (raw pages, and `raw` of a topic message).
 * - `author`, `source` (the publisher, e.g. 'benzinga'), `url`: null when absent or empty.
 * - `symbols`: tickers the provider tagged, upper case, no duplicates, possibly empty.
 * - `created_at`, `updated_at`: ISO-8601 instants in UTC ('2024-09-17T09:02:44.000Z'); a later
 *   `updated_at` for the same id is a newer version that replaces the row.
 */
export const NewsArticle = z.object({
  id: z.string().min(1).max(200),
  headline: text.max(2_000),
  summary: text.nullable(),
  content: text.nullable(),
  author: text.max(500).nullable(),
  source: text.max(200).nullable(),
  url: httpUrl.nullable(),
  symbols: z
    .array(z.string().regex(NEWS_SYMBOL_PATTERN, 'symbol must be an upper-case ticker'))
    .max(1_000)
    .refine((symbols) => new Set(symbols).size === symbols.length, 'symbols must not repeat'),
  images: z.array(NewsImage).optional(),
  created_at: instant,
  updated_at: instant,
  provider: z.enum(NEWS_PROVIDERS),
});
export type NewsArticle = z.infer<typeof NewsArticle>;

/** The key used by the warehouse MERGE and as the Kafka message key. */
export const NEWS_ARTICLE_KEYS = ['id'] as const satisfies readonly (keyof NewsArticle)[];

/** How an article reached the streamer: the live websocket, or the REST catch-up after a reconnect. */
export const NEWS_VIAS = ['stream', 'rest'] as const;
export type NewsVia = (typeof NEWS_VIAS)[number];

/**
 * The value of a message on the `news` topic (JSON, UTF-8; key = `article.id`): the validated
 * article (plain text, what the warehouse stores), the provider's record exactly as received
 * (`raw`: HTML intact, for the lake), when the streamer received it (ISO-8601 UTC, for latency
 * measurements) and by which path.
 */
export const NewsMessage = z.object({
  article: NewsArticle,
  raw: z.unknown(),
  received_at: instant,
  via: z.enum(NEWS_VIAS),
});
export type NewsMessage = z.infer<typeof NewsMessage>;

/** A row before validation: the shape of `NewsArticle`, values as normalisation could make them. */
export type NewsArticleCandidate = { [K in keyof NewsArticle]: K extends 'provider' ? NewsProvider : unknown };

/** Provider fields before normalisation; anything may be missing or of the wrong type. */
export interface NewsArticleInput {
  id: unknown;
  headline: unknown;
  summary?: unknown;
  content?: unknown;
  author?: unknown;
  source?: unknown;
  url?: unknown;
  symbols?: unknown;
  images?: unknown;
  created_at: unknown;
  updated_at: unknown;
  provider: NewsProvider;
}

/** A trimmed string, or null for undefined, null, '' and whitespace only; other types pass through for validation. */
export function blankToNull(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** An RFC-3339 instant as ISO-8601 UTC with milliseconds; anything else unchanged (validation rejects it). */
export function toIsoInstant(value: unknown): unknown {
  if (typeof value !== 'string' || !instant.safeParse(value).success) return value;
  return new Date(Date.parse(value)).toISOString();
}

/**
 * The normalisation every provider shares (pure): strings trimmed and blanks to null, HTML of
 * `summary`/`content` to plain text, numeric ids to strings, timestamps to ISO UTC, symbols upper
 * case without repeats, an absent `images` left out. Wrong types pass through so that validation
 * reports them.
 */
export function toNewsArticleCandidate(input: NewsArticleInput): NewsArticleCandidate {
  const id = typeof input.id === 'number' && Number.isSafeInteger(input.id) ? String(input.id) : blankToNull(input.id);
  const plain = (value: unknown) => {
    const v = blankToNull(value);
    return typeof v === 'string' ? blankToNull(htmlToText(v)) : v;
  };
  const symbols = Array.isArray(input.symbols)
    ? [...new Set(input.symbols.map((s) => (typeof s === 'string' ? s.trim().toUpperCase() : s)))]
    : input.symbols === undefined || input.symbols === null
      ? []
      : input.symbols;
  const candidate: NewsArticleCandidate = {
    id,
    headline: blankToNull(input.headline),
    summary: plain(input.summary),
    content: plain(input.content),
    author: blankToNull(input.author),
    source: blankToNull(input.source),
    url: blankToNull(input.url),
    symbols,
    created_at: toIsoInstant(blankToNull(input.created_at)),
    updated_at: toIsoInstant(blankToNull(input.updated_at)),
    provider: input.provider,
  };
  // Added, not deleted when absent: `delete` turns the object into a slow dictionary-mode one.
  if (input.images !== undefined && input.images !== null) candidate.images = input.images;
  return candidate;
}

/** The verdict on one record: the parsed article, or every reason it is rejected. */
export type NewsArticleVerdict = { ok: true; article: NewsArticle } | { ok: false; issues: ValidationIssue[] };

/** Contract check of one untrusted record; never throws. */
export function checkNewsArticle(input: unknown): NewsArticleVerdict {
  const parsed = NewsArticle.safeParse(input);
  return parsed.success ? { ok: true, article: parsed.data } : { ok: false, issues: toIssues(parsed.error) };
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ldquo: '\u201c',
  rdquo: '\u201d',
  lsquo: '\u2018',
  rsquo: '\u2019',
  mdash: '\u2014',
  ndash: '\u2013',
  hellip: '\u2026',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  euro: '\u20ac',
  pound: '\u00a3',
  cent: '\u00a2',
  deg: '\u00b0',
  middot: '\u00b7',
  bull: '\u2022',
  times: '\u00d7',
};

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code =
      body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    // Control characters and invalid code points become a space rather than smuggled bytes.
    return Number.isInteger(code) && code >= 0x20 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
      ? String.fromCodePoint(code)
      : ' ';
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}

/**
 * HTML (or plain text) to plain text, for the warehouse: `<script>`, `<style>` and comments are
 * dropped with their content, block ends (`</p>`, `<br>`, `</li>`, `</div>`, headings) become line
 * breaks, every other tag is removed, entities are decoded once (so `&lt;b&gt;` stays the text
 * "<b>", never a tag), runs of spaces collapse and blank lines collapse to one. Pure, linear time;
 * the output is text, not markup, and must still be escaped by whatever renders it as HTML.
 */
export function htmlToText(html: string): string {
  // Most texts hold no markup at all: skip the tag and entity passes (the stream's hot path).
  if (!html.includes('<') && !html.includes('&')) return normalizeWhitespace(html);
  const withoutCode = html
    .replace(/<!--[\s\S]*?(-->|$)/g, ' ')
    .replace(/<(script|style|noscript|template)\b[^>]*>[\s\S]*?(<\/\1\s*>|$)/gi, ' ');
  const withBreaks = withoutCode
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|tr|blockquote|pre|ul|ol|table|section|article)\s*>/gi, '\n')
    .replace(/<li\b[^>]*>/gi, '\n- ');
  const noTags = withBreaks.replace(/<\/?[a-zA-Z][^>]*>/g, ' ').replace(/<![^>]*>/g, ' ');
  const decoded = noTags.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});/g, (entity, body: string) =>
    decodeEntity(entity, body),
  );
  return normalizeWhitespace(decoded);
}

/** Where `normalizeWhitespace` has something to change besides the ends. */
const UNNORMALIZED_WHITESPACE = /[\r\t\f\v\u00a0]| [ \n]|\n[ \n]/;

/** Line breaks to \n, runs of blanks to one space, at most one empty line, trimmed. */
function normalizeWhitespace(text: string): string {
  // Most summaries and headlines are clean already: one scan instead of four replaces.
  if (!UNNORMALIZED_WHITESPACE.test(text)) return text.trim();
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
