/**
 * The indicators of `price_indicators`, as pure data: which families, which periods, and the output
 * column each one fills, with its description. The indicator SQL (shared/indicators/compute-sql.ts)
 * and the table definition (shared/warehouse/pipeline-tables.ts) both read this, so a period or a
 * description is changed in one place. It sits with the data contracts because both layers may
 * import it: the indicators see schemas only, and so do the storage adapters.
 *
 * Conventions (they follow the npm `technicalindicators` 3.1 package, our reference):
 * - every indicator counts ROWS (trading days present in `prices_daily`), not calendar days, so a
 *   missing day simply is not there: the bar before it is the previous bar;
 * - close-based indicators read `adj_close` (falling back to `close` when a provider gave none), so a
 *   split does not show as a crash;
 * - a value is NULL until its window or recursion is defined (the warm-up rows).
 */
export const INDICATOR_PARAMS = {
  /** Simple moving averages of the adjusted close; defined from row period-1. */
  sma: [20, 50, 200],
  /** Exponential moving averages, alpha = 2/(period+1), seeded with the SMA of the first `period` closes. */
  ema: [12, 26],
  /** MACD line = EMA(fast) - EMA(slow) from row slow-1; signal = EMA(signal) of the line, seeded like EMA. */
  macd: { fast: 12, slow: 26, signal: 9 },
  /** RSI with Wilder smoothing (alpha = 1/period); the first averages are SMAs of the first `period` gains/losses. */
  rsi: { period: 14 },
  /** Bollinger bands: SMA(period) +/- stdDev * POPULATION standard deviation, as technicalindicators' SD. */
  bollinger: { period: 20, stdDev: 2 },
  /** Average true range, Wilder smoothing, on split-adjusted high/low/close; first TR at row 1. */
  atr: { period: 14 },
  /** SAMPLE standard deviation (n-1) of `period` daily log returns times sqrt(tradingDaysPerYear). */
  volatility: { period: 20, tradingDaysPerYear: 252 },
} as const;

/** The parameter set above as a type, so generators can accept a variant in tests. */
export type IndicatorParams = typeof INDICATOR_PARAMS;

/** One output column: name, and what it holds (units included), the table column's description. */
export interface IndicatorColumn {
  name: string;
  description: string;
}

/**
 * Every indicator column of `price_indicators`, in table order (after ticker and date, before
 * computed_at). All are FLOAT64 / DOUBLE and nullable (NULL during warm-up).
 */
export function indicatorColumns(p: IndicatorParams = INDICATOR_PARAMS): IndicatorColumn[] {
  const { macd, rsi, bollinger: bb, atr, volatility: vol } = p;
  return [
    {
      name: 'return_1d',
      description: 'simple daily return of adj_close, (p_t - p_{t-1}) / p_{t-1}; a fraction, not %',
    },
    { name: 'log_return_1d', description: 'ln(p_t / p_{t-1}) of adj_close' },
    ...p.sma.map((n) => ({ name: `sma_${n}`, description: `simple moving average of adj_close over ${n} rows` })),
    ...p.ema.map((n) => ({
      name: `ema_${n}`,
      description: `EMA of adj_close, alpha 2/${n + 1}, seeded with SMA(${n})`,
    })),
    { name: 'macd', description: `MACD line EMA(${macd.fast}) - EMA(${macd.slow}) of adj_close` },
    { name: 'macd_signal', description: `EMA(${macd.signal}) of the MACD line, seeded with SMA(${macd.signal})` },
    { name: 'macd_histogram', description: 'macd - macd_signal' },
    { name: `rsi_${rsi.period}`, description: `RSI(${rsi.period}) with Wilder smoothing, 0..100, unrounded` },
    { name: `bb_middle_${bb.period}`, description: `Bollinger middle band, SMA(${bb.period}) of adj_close` },
    { name: `bb_upper_${bb.period}`, description: `middle + ${bb.stdDev} * population std dev over ${bb.period} rows` },
    { name: `bb_lower_${bb.period}`, description: `middle - ${bb.stdDev} * population std dev over ${bb.period} rows` },
    {
      name: `atr_${atr.period}`,
      description: `ATR(${atr.period}), Wilder, on high/low/close scaled by adj_close/close; price units`,
    },
    {
      name: `volatility_${vol.period}`,
      description: `annualised volatility: sample std dev of ${vol.period} log returns * sqrt(${vol.tradingDaysPerYear}); a fraction`,
    },
  ];
}
