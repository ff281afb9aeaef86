/**
 * The independent reference: every indicator of `price_indicators` computed with the npm
 * `technicalindicators` 3.1 package (row-by-row recursions, no closed forms), right-aligned to the
 * input rows so warm-up rows are `null`. Test support only.
 *
 * Where the package has no exact counterpart the derivation is stated:
 * - rsi: technicalindicators' RSI rounds to 2 decimals, so the unrounded value is derived from its
 *   AverageGain / AverageLoss with the same formula and branches as its RSI (`rsiRounded` keeps
 *   the package's own output for a 0.005 check);
 * - volatility: its SD is the population std dev, so it is scaled by sqrt(n / (n-1)). Its SD also
 *   stops summing at the first element equal to 0 (SD iterates a LinkedList with
 *   `while (this.next())`, and next() returns the element, so 0 ends the loop), and a log return is
 *   exactly 0 whenever a close repeats. Std dev is shift-invariant, so the reference takes the SD of
 *   (log return + 1), which is never 0, and loses ~1e-16 absolute doing so;
 * - log return: Math.log of the ratio (the package has none).
 */
import { ATR, AverageGain, AverageLoss, BollingerBands, EMA, MACD, ROC, RSI, SD, SMA } from 'technicalindicators';
import type { Bar } from './series';

export type Column = (number | null)[];

/** Right-align `values` (which start at the first defined row) to `n` rows. Throws if longer. */
function align(n: number, values: readonly (number | undefined)[]): Column {
  if (values.length > n) throw new RangeError(`reference produced ${values.length} values for ${n} rows`);
  return [...Array<null>(n - values.length).fill(null), ...values.map((v) => (v === undefined ? null : v))];
}

/** Reference columns keyed by `price_indicators` column name, for one ticker's bars in date order. */
export function referenceIndicators(bars: readonly Bar[]): Record<string, Column> {
  const n = bars.length;
  const close = bars.map((b) => b.adj_close);
  const high = bars.map((b) => b.high * (b.adj_close / b.close));
  const low = bars.map((b) => b.low * (b.adj_close / b.close));
  const logReturns = close.slice(1).map((c, i) => Math.log(c / close[i]!));
  const macd = MACD.calculate({
    values: close,
    fastPeriod: 12,
    slowPeriod: 26,
    signalPeriod: 9,
    SimpleMAOscillator: false,
    SimpleMASignal: false,
  });
  const gains = AverageGain.calculate({ values: close, period: 14 });
  const losses = AverageLoss.calculate({ values: close, period: 14 });
  const rsi = gains.map((g, i) => {
    const l = losses[i]!;
    return l === 0 ? 100 : g === 0 ? 0 : 100 - 100 / (1 + g / l);
  });
  const bb = BollingerBands.calculate({ values: close, period: 20, stdDev: 2 });
  const volSd = SD.calculate({ values: logReturns.map((r) => r + 1), period: 20 });
  return {
    return_1d: align(
      n,
      ROC.calculate({ values: close, period: 1 }).map((r) => r / 100),
    ),
    log_return_1d: align(n, logReturns),
    sma_20: align(n, SMA.calculate({ values: close, period: 20 })),
    sma_50: align(n, SMA.calculate({ values: close, period: 50 })),
    sma_200: align(n, SMA.calculate({ values: close, period: 200 })),
    ema_12: align(n, EMA.calculate({ values: close, period: 12 })),
    ema_26: align(n, EMA.calculate({ values: close, period: 26 })),
    macd: align(
      n,
      macd.map((m) => m.MACD),
    ),
    macd_signal: align(
      n,
      macd.map((m) => m.signal),
    ),
    macd_histogram: align(
      n,
      macd.map((m) => m.histogram),
    ),
    rsi_14: align(n, rsi),
    rsi_14_rounded: align(n, RSI.calculate({ values: close, period: 14 })),
    bb_middle_20: align(
      n,
      bb.map((b) => b.middle),
    ),
    bb_upper_20: align(
      n,
      bb.map((b) => b.upper),
    ),
    bb_lower_20: align(
      n,
      bb.map((b) => b.lower),
    ),
    atr_14: align(n, ATR.calculate({ high, low, close, period: 14 })),
    volatility_20: align(
      n,
      volSd.map((s) => s * Math.sqrt(20 / 19) * Math.sqrt(252)),
    ),
  };
}
