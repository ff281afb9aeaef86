/**
 * The documented response shape of Yahoo Finance's chart API v8
 * (`GET /v8/finance/chart/{symbol}?period1=&period2=&interval=1d&events=div%7Csplit&includeAdjustedClose=true`),
 * permissive where Yahoo is: price slots may be null, `timestamp` and `events` are absent for an
 * empty range, `quote[0]` may be `{}`, and errors come as `chart.result: null` + `chart.error`.
 * A 429 is answered as the plain text `Too Many Requests` (not JSON), so it never reaches this schema.
 */
import { z } from 'zod';

const slots = z.array(z.number().nullable());

/** `meta`: only the fields normalize reads are required; Yahoo sends many more (kept in the raw lake). */
export const YahooChartMeta = z.object({
  symbol: z.string(),
  /** IANA zone of the exchange, e.g. 'America/New_York'; trading dates are derived in it. */
  exchangeTimezoneName: z.string(),
  /** The offset NOW, in seconds: wrong for bars across a DST change, so never used for dates. */
  gmtoffset: z.number().optional(),
  timezone: z.string().optional(),
  currency: z.string().nullable().optional(),
  exchangeName: z.string().optional(),
  instrumentType: z.string().optional(),
  dataGranularity: z.string().optional(),
});

/** A split: `date` is the epoch second of that day's market open; 10:1 means 1 share became 10. */
export const YahooSplitWire = z.object({
  date: z.number(),
  numerator: z.number(),
  denominator: z.number(),
  splitRatio: z.string().optional(),
});

/** A dividend: `amount` per share in the quote currency. */
export const YahooDividendWire = z.object({ amount: z.number(), date: z.number() });

export const YahooChartResult = z.object({
  meta: YahooChartMeta,
  /** Epoch seconds of each bar's market open (UTC); absent when the range holds no bar. */
  timestamp: z.array(z.number()).optional(),
  events: z
    .object({
      /** Keyed by the event's epoch second as a string. */
      splits: z.record(z.string(), YahooSplitWire).optional(),
      dividends: z.record(z.string(), YahooDividendWire).optional(),
    })
    .optional(),
  indicators: z.object({
    quote: z.array(
      z.object({
        open: slots.optional(),
        high: slots.optional(),
        low: slots.optional(),
        close: slots.optional(),
        volume: slots.optional(),
      }),
    ),
    /** Present with includeAdjustedClose=true: close adjusted for splits and dividends. */
    adjclose: z.array(z.object({ adjclose: slots.optional() })).optional(),
  }),
});
export type YahooChartResult = z.infer<typeof YahooChartResult>;

/** `chart.error`, e.g. { code: 'Not Found', description: 'No data found, symbol may be delisted' }. */
export const YahooChartError = z.object({ code: z.string(), description: z.string().nullable().optional() });
export type YahooChartError = z.infer<typeof YahooChartError>;

/** One page body: exactly one of `result` and `error` is non-null in Yahoo's answers. */
export const YahooChartWire = z.object({
  chart: z.object({
    result: z.array(YahooChartResult).nullable(),
    error: YahooChartError.nullable(),
  }),
});
export type YahooChartWire = z.infer<typeof YahooChartWire>;

/** The exact body of Yahoo's 429 answer (text/plain). */
export const YAHOO_RATE_LIMIT_TEXT = 'Too Many Requests';

/** True when a non-JSON body is Yahoo's rate-limit answer rather than a broken payload. */
export function isYahooRateLimitText(body: string): boolean {
  return body.trim() === YAHOO_RATE_LIMIT_TEXT;
}
