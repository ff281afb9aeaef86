/**
 * The documented response shape of Polygon's aggregates v2
 * (`GET /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}?adjusted=true&sort=asc&limit=50000&apiKey=`).
 * Success: `status` 'OK' (or 'DELAYED' on plans with delayed data), `results` absent when the range
 * is empty, `next_url` present when more pages exist (without the apiKey: see next-url.ts).
 * Errors: `{ status: 'ERROR', request_id, error }` (401 bad key, 429 rate limit) or
 * `{ status: 'NOT_AUTHORIZED', request_id, message }` (403 plan does not cover the data).
 *
 * Values are accepted as nullable so one defective bar is quarantined instead of failing the page.
 */
import { z } from 'zod';

const value = z.number().nullable();

/** One aggregate. `t`: epoch ms of the bar's start (daily: midnight America/New_York). */
export const PolygonAggWire = z.object({
  o: value,
  h: value,
  l: value,
  c: value,
  /** Shares traded; a number that adjusted answers may give with a fraction. */
  v: value,
  vw: z.number().nullable().optional(),
  t: z.number(),
  n: z.number().nullable().optional(),
  otc: z.boolean().optional(),
});
export type PolygonAggWire = z.infer<typeof PolygonAggWire>;

/** Statuses of an answer that carries data. */
export const POLYGON_OK_STATUSES = ['OK', 'DELAYED'] as const;

export const PolygonAggsWire = z.object({
  ticker: z.string(),
  queryCount: z.number().optional(),
  resultsCount: z.number().optional(),
  /** Whether prices (and volumes) are split-adjusted. */
  adjusted: z.boolean().optional(),
  results: z.array(PolygonAggWire).optional(),
  status: z.string(),
  request_id: z.string().optional(),
  count: z.number().optional(),
  next_url: z.string().optional(),
});
export type PolygonAggsWire = z.infer<typeof PolygonAggsWire>;

/** Error body: `error` or `message` carries the text, depending on the status. */
export const PolygonErrorWire = z.object({
  status: z.string(),
  request_id: z.string().optional(),
  error: z.string().optional(),
  message: z.string().optional(),
});
export type PolygonErrorWire = z.infer<typeof PolygonErrorWire>;

/** The error text of a non-OK answer, or null when `body.status` says it carries data. */
export function polygonErrorText(body: { status: string; error?: string; message?: string }): string | null {
  if ((POLYGON_OK_STATUSES as readonly string[]).includes(body.status)) return null;
  return body.error ?? body.message ?? body.status;
}
