/**
 * The documented shapes of Alpaca's news API (market data v1beta1).
 *
 * REST: `GET /v1beta1/news?symbols=A,B&start=&end=&limit=&sort=asc|desc&include_content=&exclude_contentless=&page_token=`
 * with headers APCA-API-KEY-ID / APCA-API-SECRET-KEY answers `{ news: [article...], next_page_token }`;
 * `limit` is 1-50 (default 10), `sort` orders by updated date (default desc), `start`/`end` are
 * RFC-3339 instants or dates, and the token (base64 of "<updated_at ns>|<id>") is null on the
 * last page. Errors: 403 `{"message":"forbidden"}`, 422 on bad parameters, 429 when rate limited.
 *
 * Stream: the same article with `"T":"n"` and without `images` (see streamer/ws/protocol.ts).
 *
 * A page's articles are parsed one by one in normalize (`AlpacaNewsRecordWire`), so one defective
 * article is quarantined instead of failing its whole page.
 */
import { z } from 'zod';

/** One article as Alpaca sends it; `id` is an integer. `content` may contain HTML. */
export const AlpacaNewsRecordWire = z.object({
  id: z.number().int().nonnegative(),
  headline: z.string(),
  author: z.string().nullable().optional(),
  created_at: z.string(),
  updated_at: z.string(),
  summary: z.string().nullable().optional(),
  content: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  images: z
    .array(z.object({ size: z.string(), url: z.string() }))
    .nullable()
    .optional(),
  symbols: z.array(z.string()).nullable().optional(),
  source: z.string().nullable().optional(),
});
export type AlpacaNewsRecordWire = z.infer<typeof AlpacaNewsRecordWire>;

/** One REST page; `news` holds untrusted records (parsed per record by normalize). */
export const AlpacaNewsPageWire = z.object({
  news: z.array(z.unknown()).nullable(),
  next_page_token: z.string().nullable().optional(),
});
export type AlpacaNewsPageWire = z.infer<typeof AlpacaNewsPageWire>;

/** Largest `limit` the REST endpoint accepts. */
export const ALPACA_NEWS_MAX_LIMIT = 50;
