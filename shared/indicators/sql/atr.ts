/** Average true range with Wilder smoothing, on split-adjusted prices. */
import type { FamilyContext, FamilySql } from './family';
import type { RecursiveAverageSpec } from './recursive-average';
import { recursiveAverageBlockTotal, recursiveAverageCum, recursiveAverageValue } from './recursive-average';

/**
 * `atr_<n>`: true range max(h - l, |h - c_prev|, |l - c_prev|) from row 1 (none on row 0, as in
 * technicalindicators), Wilder-smoothed after a first SMA of n ranges, so defined from row n.
 * High and low are scaled by adj_close / close (the `base` stage's adj_high, adj_low) and c_prev is
 * the previous adjusted close, so a split in the raw prices does not look like a huge range.
 */
export function atrSql(p: { period: number }, ctx: FamilyContext): FamilySql {
  const n = p.period;
  const spec: RecursiveAverageSpec = { id: 'atr', input: 'true_range', period: n, alpha: 1 / n, firstRow: 1 };
  return {
    series: [
      'CASE WHEN prev_price IS NOT NULL THEN GREATEST(adj_high - adj_low, ABS(adj_high - prev_price), ABS(adj_low - prev_price)) END AS true_range',
    ],
    totals: [recursiveAverageBlockTotal(spec, ctx.blockRows)],
    windows: [recursiveAverageCum(spec, ctx.blockRows)],
    output: [`${recursiveAverageValue(spec, ctx.blockRows)} AS atr_${n}`],
  };
}
