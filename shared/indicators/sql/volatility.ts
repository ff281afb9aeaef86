/** Rolling annualised volatility of daily log returns. */
import { num } from './dialect';
import type { FamilySql } from './family';
import { trailing } from './family';

/**
 * `volatility_<n>`: STDDEV_SAMP (n-1 denominator, the usual estimator for a volatility) of the last n
 * log returns times sqrt(tradingDaysPerYear). The first log return is on row 1, so the first value
 * is on row n.
 */
export function volatilitySql(p: { period: number; tradingDaysPerYear: number }): FamilySql {
  const n = p.period;
  return {
    windows: [`${trailing('STDDEV_SAMP', 'log_return_1d', n, 1)} AS vol_sd`],
    output: [`vol_sd * ${num(Math.sqrt(p.tradingDaysPerYear))} AS volatility_${n}`],
  };
}
