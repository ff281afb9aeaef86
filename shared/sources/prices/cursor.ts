/**
 * What every price source shares: the cursor (per ticker, the stored date range) with the ranges
 * a `pages` call fetches, the pure cursor updates, and the rule for when an empty answer means an
 * unknown ticker.
 *
 * A source fetches exactly the ranges in the cursor it is handed (`cursor.fetch`; none without
 * it): the prices pipeline plans them (shared/pipelines/prices/plan.ts) and puts one range in each
 * slice's cursor. `nextPriceCursor` always drops `fetch`.
 */
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { NEW_YORK, createTradingDateFormatter } from '../../schemas/trading-date';
import { createMarketCalendar, isIsoDate, type MarketCalendar } from '../market-calendar';

/** What is stored for one ticker: the first and last trading date of its stored bars. */
export interface PriceTickerState {
  /** 'YYYY-MM-DD'; never moves backwards. */
  lastDate: string;
  /** 'YYYY-MM-DD'; absent in cursors that did not record it (history start unknown). */
  firstDate?: string;
}

/** Why a range is fetched (recorded in `RawPage.request.params.reason`). */
export type PriceFetchReason = 'initial' | 'incremental' | 'backfill' | 'split';

/** One ticker, one inclusive date range: the unit a source fetches and a run loop slices by. */
export interface PriceFetchRange {
  /** `TICKER:from:to`, stable for a given plan (a backfill slice id). */
  id: string;
  ticker: string;
  from: string;
  to: string;
  reason: PriceFetchReason;
}

/** The price cursor: JSON-serialisable state per ticker, plus (for `pages` only) the ranges to fetch. */
export interface PriceCursor {
  tickers: Readonly<Record<string, PriceTickerState>>;
  /** The ranges a `pages` call fetches, exactly and only these; absent or empty, it fetches nothing. */
  fetch?: readonly PriceFetchRange[];
}

/** Today's date in New York at `now` (the exchange's calendar day). */
export function newYorkDate(now: Date): string {
  const date = createTradingDateFormatter(NEW_YORK)(now.getTime());
  if (date === null) throw new RangeError(`not a valid instant: ${String(now)}`);
  return date;
}

/**
 * Pure: the cursor after `rows` were stored: per ticker, lastDate = the max of the stored and the
 * rows' dates (never backwards), firstDate = the min (kept absent when the stored state lacks it).
 * Rows without a 'YYYY-MM-DD' date are ignored. `fetch` is dropped.
 */
export function nextPriceCursor(
  cursor: PriceCursor,
  rows: readonly Pick<PriceBarCandidate, 'ticker' | 'date'>[],
): PriceCursor {
  // The rows' date span per ticker first, then one merge per ticker: a backfill slice has
  // hundreds of rows of one ticker, and a merge per row was a garbage object or two per bar.
  const spans = new Map<string, { firstDate: string; lastDate: string }>();
  for (const { ticker, date } of rows) {
    if (typeof date !== 'string' || !isIsoDate(date)) continue;
    const span = spans.get(ticker);
    if (span === undefined) spans.set(ticker, { firstDate: date, lastDate: date });
    else if (date < span.firstDate) span.firstDate = date;
    else if (date > span.lastDate) span.lastDate = date;
  }
  const tickers: Record<string, PriceTickerState> = { ...cursor.tickers };
  for (const [ticker, span] of spans) tickers[ticker] = mergeState(tickers[ticker], span, true);
  return { tickers };
}

function mergeState(stored: PriceTickerState | undefined, next: PriceTickerState, rowsOnly = false): PriceTickerState {
  if (stored === undefined) return { ...next };
  const lastDate = next.lastDate > stored.lastDate ? next.lastDate : stored.lastDate;
  if (stored.firstDate === undefined && rowsOnly) return { lastDate };
  const firsts = [stored.firstDate, next.firstDate].filter((d): d is string => d !== undefined).sort();
  return firsts.length === 0 ? { lastDate } : { firstDate: firsts[0]!, lastDate };
}

/**
 * Pure: two cursors combined (a run loop's `advance(stored, next)`): per ticker the later lastDate
 * and the earlier firstDate, so concurrent slices of one ticker never move it back. Drops `fetch`.
 */
export function mergePriceCursors(stored: PriceCursor | undefined, next: PriceCursor): PriceCursor {
  const tickers: Record<string, PriceTickerState> = { ...stored?.tickers };
  for (const [ticker, state] of Object.entries(next.tickers)) tickers[ticker] = mergeState(tickers[ticker], state);
  return { tickers };
}

/** Trading days a range must span, and how close to today it must end, before empty means unknown. */
export const UNKNOWN_TICKER_MIN_TRADING_DAYS = 5;

/**
 * Pure: whether a provider that answers an unknown symbol with an empty result (Alpaca, Polygon)
 * must have returned bars for `range`: the ticker has no stored history, the range spans at least
 * UNKNOWN_TICKER_MIN_TRADING_DAYS trading days and ends within that many of today. Older empty
 * ranges (before a listing) and tickers with history (halted, delisted later) are not errors.
 */
export function expectsBars(
  range: Pick<PriceFetchRange, 'from' | 'to'>,
  state: PriceTickerState | undefined,
  today: string,
  calendar: MarketCalendar = createMarketCalendar(),
): boolean {
  if (state !== undefined) return false;
  const to = range.to > today ? today : range.to;
  const recent = calendar.shiftTradingDays(today, -UNKNOWN_TICKER_MIN_TRADING_DAYS);
  return to >= recent && calendar.countTradingDays(range.from, to) >= UNKNOWN_TICKER_MIN_TRADING_DAYS;
}
