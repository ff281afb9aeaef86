/**
 * Price reads: the tickers in `prices_daily` and one ticker's bars joined with its indicators from
 * `price_indicators` (LEFT JOIN, so bars whose indicators are not computed yet still chart).
 */
import type { Warehouse } from '../../warehouse/types';
import { readRows } from './read';

/** One ticker in the warehouse and the span of its bars. */
export interface TickerRow {
  ticker: string;
  bars: number;
  firstDate: string;
  lastDate: string;
}

/**
 * One trading day: raw OHLCV (listing currency), `adjClose` (split/dividend adjusted), and the
 * indicators computed on adj_close; an indicator is null during its warm-up or before it is computed.
 */
export interface PriceRow {
  date: string;
  open: number | null;
  high: number | null;
  low: number | null;
  close: number | null;
  adjClose: number | null;
  volume: number | null;
  sma20: number | null;
  sma50: number | null;
  sma200: number | null;
  bbUpper20: number | null;
  bbMiddle20: number | null;
  bbLower20: number | null;
  rsi14: number | null;
  macd: number | null;
  macdSignal: number | null;
  macdHistogram: number | null;
}

/** Every ticker with bars, alphabetically. */
export async function listTickers(warehouse: Warehouse): Promise<TickerRow[]> {
  const sql = `SELECT ticker, COUNT(*) AS bars, MIN(date) AS firstDate, MAX(date) AS lastDate
FROM ${warehouse.tableRef('prices_daily')} GROUP BY ticker ORDER BY ticker`;
  return readRows<TickerRow>(warehouse, sql);
}

// The far ends of DATE on both backends stand in for an open range, so one SQL text serves all.
const MIN_DATE = '0001-01-01';
const MAX_DATE = '9999-12-31';

/**
 * The latest `limit` bars of `ticker` with from <= date <= to (either bound optional), returned
 * oldest first for charting.
 */
export async function priceHistory(
  warehouse: Warehouse,
  filter: { ticker: string; from?: string | undefined; to?: string | undefined; limit: number },
): Promise<PriceRow[]> {
  const sql = `
SELECT p.date AS date, p.open AS open, p.high AS high, p.low AS low, p.close AS close, p.adj_close AS adjClose, p.volume AS volume,
  i.sma_20 AS sma20, i.sma_50 AS sma50, i.sma_200 AS sma200,
  i.bb_upper_20 AS bbUpper20, i.bb_middle_20 AS bbMiddle20, i.bb_lower_20 AS bbLower20,
  i.rsi_14 AS rsi14, i.macd AS macd, i.macd_signal AS macdSignal, i.macd_histogram AS macdHistogram
FROM ${warehouse.tableRef('prices_daily')} AS p
LEFT JOIN ${warehouse.tableRef('price_indicators')} AS i ON i.ticker = p.ticker AND i.date = p.date
WHERE p.ticker = @ticker AND p.date >= CAST(@from_date AS DATE) AND p.date <= CAST(@to_date AS DATE)
ORDER BY p.date DESC
LIMIT @limit`;
  const rows = await readRows<PriceRow>(warehouse, sql, {
    ticker: filter.ticker,
    from_date: filter.from ?? MIN_DATE,
    to_date: filter.to ?? MAX_DATE,
    limit: filter.limit,
  });
  return rows.reverse();
}
