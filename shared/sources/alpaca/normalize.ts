/** Alpaca v2 multi-symbol bars -> provider-neutral price rows. Pure: no I/O, no clock. */
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { NEW_YORK, createTradingDateFormatter } from '../../schemas/trading-date';
import type { Normalized } from '../types';
import type { AlpacaAdjustment, AlpacaBarsWire } from './wire';

/**
 * Maps one page. Every symbol in `bars` becomes rows of that ticker; the date is `t` taken in
 * New York (a daily bar's `t` is midnight New York, 05:00Z in winter and 04:00Z in summer).
 * `adjustment` is the request's: with 'raw' the prices are as traded and `adj_close` is null; with
 * any other value the prices are adjusted and `adj_close` = `c`. A `t` that is not an RFC-3339
 * instant is a `problems` entry; null values pass through for validation to quarantine.
 */
export function normalizeAlpacaBars(
  wire: AlpacaBarsWire,
  options: { adjustment: AlpacaAdjustment },
): Normalized<PriceBarCandidate> {
  const dateOf = createTradingDateFormatter(NEW_YORK);
  const out: Normalized<PriceBarCandidate> = { rows: [], problems: [], skipped: {} };
  for (const [ticker, bars] of Object.entries(wire.bars ?? {})) {
    bars.forEach((bar, i) => {
      const date = dateOf(Date.parse(bar.t));
      if (date === null) {
        out.problems.push({
          path: `bars.${ticker}.${i}`,
          record: bar,
          issues: [
            { path: 't', code: 'invalid_timestamp', message: `t ${JSON.stringify(bar.t)} is not an RFC-3339 instant` },
          ],
        });
        return;
      }
      out.rows.push({
        ticker,
        date,
        open: bar.o,
        high: bar.h,
        low: bar.l,
        close: bar.c,
        adj_close: options.adjustment === 'raw' ? null : bar.c,
        volume: bar.v,
        source: 'alpaca',
      });
    });
  }
  return out;
}
