/** EMAs of the adjusted close and the MACD built from them. */
import type { FamilyContext, FamilySql } from './family';
import type { RecursiveAverageSpec } from './recursive-average';
import { recursiveAverageBlockTotal, recursiveAverageCum, recursiveAverageValue } from './recursive-average';

/** EMA(n) of the close: alpha 2/(n+1), seeded on row n-1 with the SMA of the first n closes. */
export function emaSpec(n: number, id = `ema${n}`): RecursiveAverageSpec {
  return { id, input: 'price', period: n, alpha: 2 / (n + 1), firstRow: 0 };
}

/**
 * `ema_<n>` for each period, then `macd` = EMA(fast) - EMA(slow) from row slow-1, `macd_signal` =
 * EMA(signal) of the line (seeded with the SMA of its first `signal` values, so defined from row
 * slow + signal - 2) and `macd_histogram` = line - signal. Matches technicalindicators' MACD with
 * SimpleMAOscillator = SimpleMASignal = false.
 */
export function emaMacdSql(
  emaPeriods: readonly number[],
  macd: { fast: number; slow: number; signal: number },
  ctx: FamilyContext,
): FamilySql {
  const k = ctx.blockRows;
  const emas = [...new Set([...emaPeriods, macd.fast, macd.slow])].map((n) => emaSpec(n));
  const signal: RecursiveAverageSpec = {
    id: 'macdsig',
    input: 'macd_line',
    period: macd.signal,
    alpha: 2 / (macd.signal + 1),
    firstRow: macd.slow - 1,
  };
  return {
    totals: emas.map((s) => recursiveAverageBlockTotal(s, k)),
    windows: emas.map((s) => recursiveAverageCum(s, k)),
    values: [
      ...emas.map((s) => `${recursiveAverageValue(s, k)} AS ${s.id}`),
      `${recursiveAverageValue(emaSpec(macd.fast), k)} - ${recursiveAverageValue(emaSpec(macd.slow), k)} AS macd_line`,
    ],
    totals2: [recursiveAverageBlockTotal(signal, k)],
    windows2: [recursiveAverageCum(signal, k)],
    output: [
      ...emaPeriods.map((n) => `ema${n} AS ema_${n}`),
      'macd_line AS macd',
      `${recursiveAverageValue(signal, k)} AS macd_signal`,
      `macd_line - ${recursiveAverageValue(signal, k)} AS macd_histogram`,
    ],
  };
}
