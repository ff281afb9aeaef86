/**
 * The query parameters of each JSON endpoint as zod schemas. Every endpoint rejects unknown and
 * repeated parameters, so a typo answers 400 naming it instead of being silently ignored.
 */
import { z } from 'zod';
import { TICKER_PATTERN } from '../schemas';

/** One problem with one query parameter, as the 400 body lists it. */
export interface ParamProblem {
  readonly param: string;
  readonly message: string;
}

/** The outcome of parsing a query string: the typed value, or every problem at once. */
export type ParsedParams<T> = { ok: true; value: T } | { ok: false; problems: ParamProblem[] };

const limit = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);
const ticker = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase())
  .pipe(z.string().regex(TICKER_PATTERN, 'must be a ticker symbol such as AAPL'));
// z.iso.date checks the calendar too: 2024-13-01 is a 400 here, not a cast error in the warehouse.
const isoDate = z.iso.date({ error: 'must be a date YYYY-MM-DD' });
// Accepts what the API itself returns (ISO-8601 UTC with milliseconds) and any offset form.
const instant = z.iso.datetime({ offset: true }).transform((value) => new Date(value));
const pipelineName = z.string().regex(/^[a-z][a-z0-9_-]{0,63}$/, 'must be a pipeline name such as prices');

/** `/api/pipelines`: no parameters. */
export const PipelinesParams = z.strictObject({});
/** `/api/runs?pipeline=&limit=` (limit 1..500, default 50). */
export const RunsParams = z.strictObject({ pipeline: pipelineName.optional(), limit: limit(50, 500) });
/** `/api/tickers`: no parameters. */
export const TickersParams = z.strictObject({});
/**
 * `/api/prices?ticker=&from=&to=&limit=`: the latest `limit` bars (1..5000, default 1000) of
 * `ticker` between from and to inclusive (both optional), oldest first.
 */
export const PricesParams = z
  .strictObject({ ticker, from: isoDate.optional(), to: isoDate.optional(), limit: limit(1000, 5000) })
  .refine((p) => p.from === undefined || p.to === undefined || p.from <= p.to, {
    path: ['from'],
    message: 'must not be after to',
  });
/** `/api/news?limit=&ticker=&since=`: newest first; `since` keeps articles published after it. */
export const NewsParams = z.strictObject({
  limit: limit(30, 200),
  ticker: ticker.optional(),
  since: instant.optional(),
});
/** `/api/products?limit=`: top launches by votes among the 200 most recent. */
export const ProductsParams = z.strictObject({ limit: limit(10, 100) });
/** `/api/funding?limit=`: most recently announced rounds. */
export const FundingParams = z.strictObject({ limit: limit(10, 100) });

/**
 * Parses `search` with `schema`. A parameter given twice arrives as an array and fails its string
 * schema; an unknown one fails the strict object; both are reported by name.
 */
export function parseParams<T>(schema: z.ZodType<T>, search: URLSearchParams): ParsedParams<T> {
  const raw: Record<string, string | string[]> = {};
  for (const [key, value] of search) {
    const seen = raw[key];
    raw[key] = seen === undefined ? value : ([] as string[]).concat(seen, value);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const problems: ParamProblem[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push({ param: key, message: 'is not a parameter of this endpoint' });
    } else {
      problems.push({ param: issue.path.map(String).join('.') || '(query)', message: issue.message });
    }
  }
  return { ok: false, problems };
}
