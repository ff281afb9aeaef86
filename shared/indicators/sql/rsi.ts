/** RSI with Wilder smoothing. */
import type { FamilyContext, FamilySql } from './family';
import type { RecursiveAverageSpec } from './recursive-average';
import { recursiveAverageBlockTotal, recursiveAverageCum, recursiveAverageValue } from './recursive-average';

/**
 * `rsi_<n>`: gains and losses of the close from row 1, each Wilder-smoothed (alpha 1/n) after a
 * first average that is the SMA of the first n, so defined from row n. 100 when the average loss
 * is 0, 0 when the average gain is 0, else 100 - 100 / (1 + gain / loss). Unlike
 * technicalindicators' RSI it is not rounded to 2 decimals.
 */
export function rsiSql(p: { period: number }, ctx: FamilyContext): FamilySql {
  const n = p.period;
  const spec = (id: string, input: string): RecursiveAverageSpec => ({
    id,
    input,
    period: n,
    alpha: 1 / n,
    firstRow: 1,
  });
  const gain = spec('rsigain', 'rsi_up');
  const loss = spec('rsiloss', 'rsi_down');
  return {
    series: [
      'CASE WHEN prev_price IS NULL THEN NULL WHEN price > prev_price THEN price - prev_price ELSE 0 END AS rsi_up',
      'CASE WHEN prev_price IS NULL THEN NULL WHEN prev_price > price THEN prev_price - price ELSE 0 END AS rsi_down',
    ],
    totals: [recursiveAverageBlockTotal(gain, ctx.blockRows), recursiveAverageBlockTotal(loss, ctx.blockRows)],
    windows: [recursiveAverageCum(gain, ctx.blockRows), recursiveAverageCum(loss, ctx.blockRows)],
    values: [
      `${recursiveAverageValue(gain, ctx.blockRows)} AS rsi_avg_gain`,
      `${recursiveAverageValue(loss, ctx.blockRows)} AS rsi_avg_loss`,
    ],
    output: [
      'CASE WHEN rsi_avg_loss = 0 THEN 100 WHEN rsi_avg_gain = 0 THEN 0' +
        ` ELSE 100 - 100 / (1 + rsi_avg_gain / rsi_avg_loss) END AS rsi_${n}`,
    ],
  };
}
