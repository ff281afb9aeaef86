/**
 * The exact provider-neutral rows a correct client + normalizer produces from the replay server,
 * computed from the same pure series: what end-to-end tests compare the warehouse against.
 */
import type { PriceBar, PriceSource } from '../../shared/schemas/price-bar';
import { DEFAULT_SPLITS, barsFor, splitAdjusted, type SeriesOptions } from './price-series';

export interface ExpectedBarsRequest {
  source: PriceSource;
  ticker: string;
  /** Inclusive 'YYYY-MM-DD' range, clamped to `today`. */
  from: string;
  to: string;
  /** The server's today: no bar after it; splits on or before it are applied to adjusted prices. */
  today: string;
  /**
   * Whether the request asked for split-adjusted prices: Yahoo always is; Alpaca
   * adjustment=split|all; Polygon adjusted=true. Default true.
   */
  adjusted?: boolean;
  series?: SeriesOptions;
}

/** The rows, ascending by date, in `PriceBar`'s shape (adj_close null for unadjusted requests). */
export function expectedPriceBars(request: ExpectedBarsRequest): PriceBar[] {
  const adjusted = request.source === 'yahoo' || (request.adjusted ?? true);
  const to = request.to > request.today ? request.today : request.to;
  const raw = barsFor(request.ticker, request.from, to, request.series);
  const bars = adjusted
    ? splitAdjusted(raw, (request.series?.splits ?? DEFAULT_SPLITS)[request.ticker], request.today)
    : raw;
  return bars.map((bar) => ({
    ticker: bar.ticker,
    date: bar.date,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    adj_close: adjusted ? bar.close : null,
    volume: bar.volume,
    source: request.source,
  }));
}
