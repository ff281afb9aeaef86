/** Polygon aggregates v2 -> provider-neutral price rows. Pure: no I/O, no clock. */
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { NEW_YORK, createTradingDateFormatter } from '../../schemas/trading-date';
import type { Normalized } from '../types';
import { polygonErrorText, type PolygonAggsWire } from './wire';

/**
 * Maps one page of `wire.ticker`. The date is `t` (ms, midnight New York) taken in New York.
 * With `adjusted: true` the prices are split-adjusted and `adj_close` = `c`; with false they are as
 * traded and `adj_close` is null (`wire.adjusted` wins over `options.adjusted`, which covers answers
 * that omit it). Volume is rounded to whole shares: adjusted volumes may carry a fraction.
 * A non-OK status yields no rows (the client turns it into an error before this is called).
 */
export function normalizePolygonAggs(
  wire: PolygonAggsWire,
  options: { adjusted?: boolean } = {},
): Normalized<PriceBarCandidate> {
  const dateOf = createTradingDateFormatter(NEW_YORK);
  const adjusted = wire.adjusted ?? options.adjusted ?? true;
  const out: Normalized<PriceBarCandidate> = { rows: [], problems: [], skipped: {} };
  if (polygonErrorText(wire) !== null) return out;
  (wire.results ?? []).forEach((agg, i) => {
    const date = dateOf(agg.t);
    if (date === null) {
      out.problems.push({
        path: `results.${i}`,
        record: agg,
        issues: [{ path: 't', code: 'invalid_timestamp', message: `t ${agg.t} is not an epoch instant` }],
      });
      return;
    }
    out.rows.push({
      ticker: wire.ticker,
      date,
      open: agg.o,
      high: agg.h,
      low: agg.l,
      close: agg.c,
      adj_close: adjusted ? agg.c : null,
      volume: agg.v === null ? null : Math.round(agg.v),
      source: 'polygon',
    });
  });
  return out;
}
