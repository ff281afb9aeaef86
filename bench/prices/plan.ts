/**
 * What the prices bench loads: the tickers, the date range and the Yahoo chart v8 requests of a
 * backfill of it, sliced as the prices pipeline slices it (sliceDateRange) and asked as the Yahoo client asks
 * (yahooChartRequest), so our run, the
 * floor and dlt ask the replay server for the same payloads.
 */
import { sliceDateRange } from '../../shared/pipelines/prices/plan';
import { yahooChartRequest } from '../../shared/sources/yahoo/client';
import { benchTickers } from './stats';

/** The bench's data set: `tickers` x whole calendar years ending 2025-12-31. */
export interface BenchPlan {
  tickers: string[];
  from: string;
  to: string;
  /** The slice length the pipeline uses (PRICES_SLICE_MONTHS). */
  sliceMonths: number;
  /** Request paths with query, relative to the replay server's base URL. */
  requests: { ticker: string; path: string }[];
}

/** The replay server's "today": fixed, so every bench run serves the same bars. */
export const BENCH_TODAY = '2026-01-02';

/** The plan of `tickers` tickers x `years` years (pure). */
export function benchPlan(tickers: number, years: number, sliceMonths = 12): BenchPlan {
  const names = benchTickers(tickers);
  const from = `${2026 - years}-01-01`;
  const to = '2025-12-31';
  const ranges = sliceDateRange(from, to, { sliceMonths });
  const requests = names.flatMap((ticker) =>
    ranges.map((range) => {
      const { path, query } = yahooChartRequest(ticker, range.from, range.to);
      const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
      return { ticker, path: `${path}?${search.toString()}` };
    }),
  );
  return { tickers: names, from, to, sliceMonths, requests };
}

/** A request's cache identity: path plus its query parameters in name order (encoding-independent). */
export function requestKey(pathAndQuery: string): string {
  const url = new URL(pathAndQuery, 'http://bench.local');
  const params = [...url.searchParams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${decodeURIComponent(url.pathname)}?${params.map(([k, v]) => `${k}=${v}`).join('&')}`;
}
