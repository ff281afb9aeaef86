/**
 * The documented response shapes of Alpaca market data v2 historical bars. We use the
 * multi-symbol endpoint
 *   GET /v2/stocks/bars?symbols=A,B&timeframe=1Day&start=&end=&limit=&adjustment=raw|split|dividend|all&feed=iex&page_token=
 *   (headers APCA-API-KEY-ID and APCA-API-SECRET-KEY)
 * which answers `{ bars: { SYM: [bar...] }, next_page_token }`. `limit` counts bars across all
 * symbols of a page, and a symbol's bars may continue on the next page. The single-symbol form
 * `/v2/stocks/{symbol}/bars` answers `{ bars: [bar...], symbol, next_page_token }`; its schema is
 * here for completeness, but the source does not call it (one request covers many tickers).
 *
 * Bar values are documented as numbers; they are accepted as nullable so that one defective bar is
 * quarantined by validation instead of failing the whole page.
 */
import { z } from 'zod';

const value = z.number().nullable();

/** One bar. `t`: RFC-3339 start of the bar (a daily bar starts at midnight New York, e.g. '2024-01-03T05:00:00Z'). */
export const AlpacaBarWire = z.object({
  t: z.string(),
  o: value,
  h: value,
  l: value,
  c: value,
  /** Shares traded. */
  v: value,
  /** Number of trades. */
  n: z.number().nullable().optional(),
  /** Volume-weighted average price. */
  vw: z.number().nullable().optional(),
});
export type AlpacaBarWire = z.infer<typeof AlpacaBarWire>;

/** Multi-symbol page. `bars` is `{}` (older answers: null) when nothing matched; the token is null on the last page. */
export const AlpacaBarsWire = z.object({
  bars: z.record(z.string(), z.array(AlpacaBarWire)).nullable(),
  next_page_token: z.string().nullable().optional(),
  currency: z.string().optional(),
});
export type AlpacaBarsWire = z.infer<typeof AlpacaBarsWire>;

/** Single-symbol page (`/v2/stocks/{symbol}/bars`), not used by the source. */
export const AlpacaSymbolBarsWire = z.object({
  bars: z.array(AlpacaBarWire).nullable(),
  symbol: z.string(),
  next_page_token: z.string().nullable().optional(),
});
export type AlpacaSymbolBarsWire = z.infer<typeof AlpacaSymbolBarsWire>;

/** Error body, e.g. 403 `{ "message": "forbidden" }`, 422 `{ "message": "invalid start" }`, 429 `{ "message": "too many requests." }`. */
export const AlpacaErrorWire = z.object({ message: z.string(), code: z.number().optional() });
export type AlpacaErrorWire = z.infer<typeof AlpacaErrorWire>;

/** Values of the `adjustment` query parameter. */
export const ALPACA_ADJUSTMENTS = ['raw', 'split', 'dividend', 'all'] as const;
export type AlpacaAdjustment = (typeof ALPACA_ADJUSTMENTS)[number];
