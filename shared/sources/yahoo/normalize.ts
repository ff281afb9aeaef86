/**
 * Yahoo chart v8 -> provider-neutral price rows. Pure: no I/O, no clock.
 *
 * Yahoo's `open/high/low/close/volume` are split-adjusted as of the moment of the request and
 * `adjclose` is adjusted for splits and dividends, so a split rewrites every earlier row: the
 * returned `splits` let the pipeline re-fetch that ticker's history.
 */
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { createTradingDateFormatter } from '../../schemas/trading-date';
import type { Normalized } from '../types';
import type { YahooChartError, YahooChartWire } from './wire';

/** A split as the pipeline needs it: `ratio` = numerator / denominator (10 for a 10:1 split). */
export interface PriceSplit {
  ticker: string;
  /** Trading date of the split, 'YYYY-MM-DD' in the exchange time zone. */
  date: string;
  numerator: number;
  denominator: number;
  ratio: number;
}

/** A cash dividend per share, in the quote currency. */
export interface PriceDividend {
  ticker: string;
  date: string;
  amount: number;
}

/** Rows plus Yahoo's events; `error` is `chart.error` when Yahoo answered one (then rows are empty). */
export interface YahooNormalized extends Normalized<PriceBarCandidate> {
  splits: PriceSplit[];
  dividends: PriceDividend[];
  error: YahooChartError | null;
}

/**
 * Maps one chart page. `options.ticker` overrides `meta.symbol` (Yahoo spells 'BRK.B' as 'BRK-B').
 * - A slot whose open, high, low and close are all null is a day without trades: skipped and
 *   counted in `skipped.no_trade`.
 * - A partially null slot is returned as is (nulls kept) so validation quarantines it; a null
 *   `adjclose` beside a present close becomes `undefined` (missing) for the same reason.
 * - A timestamp that maps to no date is a `problems` entry.
 * Throws RangeError only when `meta.exchangeTimezoneName` is not an IANA zone (a provider defect).
 */
export function normalizeYahooChart(wire: YahooChartWire, options: { ticker?: string } = {}): YahooNormalized {
  const empty: YahooNormalized = {
    rows: [],
    problems: [],
    skipped: {},
    splits: [],
    dividends: [],
    error: wire.chart.error,
  };
  const result = wire.chart.result?.[0];
  if (wire.chart.error !== null || result === undefined) return empty;

  const ticker = options.ticker ?? result.meta.symbol;
  const dateOf = createTradingDateFormatter(result.meta.exchangeTimezoneName);
  const quote = result.indicators.quote[0] ?? {};
  const adjclose = result.indicators.adjclose?.[0]?.adjclose;
  const out: YahooNormalized = { ...empty, skipped: { no_trade: 0 } };

  (result.timestamp ?? []).forEach((ts, i) => {
    const open = quote.open?.[i] ?? null;
    const high = quote.high?.[i] ?? null;
    const low = quote.low?.[i] ?? null;
    const close = quote.close?.[i] ?? null;
    if (open === null && high === null && low === null && close === null) {
      out.skipped.no_trade = (out.skipped.no_trade ?? 0) + 1;
      return;
    }
    const date = dateOf(ts * 1000);
    if (date === null) {
      out.problems.push({
        path: `timestamp.${i}`,
        record: { timestamp: ts },
        issues: [{ path: 'timestamp', code: 'invalid_timestamp', message: `timestamp ${ts} is not an instant` }],
      });
      return;
    }
    const adj = adjclose === undefined ? null : (adjclose[i] ?? undefined);
    out.rows.push({
      ticker,
      date,
      open,
      high,
      low,
      close,
      adj_close: adj,
      volume: quote.volume?.[i] ?? null,
      source: 'yahoo',
    });
  });

  for (const split of Object.values(result.events?.splits ?? {})) {
    const date = dateOf(split.date * 1000);
    if (date !== null)
      out.splits.push({
        ticker,
        date,
        numerator: split.numerator,
        denominator: split.denominator,
        ratio: split.numerator / split.denominator,
      });
  }
  for (const dividend of Object.values(result.events?.dividends ?? {})) {
    const date = dateOf(dividend.date * 1000);
    if (date !== null) out.dividends.push({ ticker, date, amount: dividend.amount });
  }
  out.splits.sort((a, b) => a.date.localeCompare(b.date));
  out.dividends.sort((a, b) => a.date.localeCompare(b.date));
  return out;
}
