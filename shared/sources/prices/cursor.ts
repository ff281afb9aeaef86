/**
 * What every price source shares: the cursor (per ticker, the stored date range), the pure cursor
 * update, and the pure fetch plan that turns a cursor and a run request into ticker date ranges.
 *
 * How a plan reaches a source: the cursor handed to `Source.pages(cursor, ctx)` may carry the
 * ranges to fetch in `cursor.fetch` (a run loop that plans slices puts them there, see
 * `planPriceSlices`); without `fetch`, the source plans an incremental run itself from the
 * cursor and `ctx.config` (see pages.ts). `nextPriceCursor` always drops `fetch`.
 */
import type { PriceBarCandidate } from '../../schemas/price-bar';
import { NEW_YORK, createTradingDateFormatter } from '../../schemas/trading-date';
import { addDays, addMonths, createMarketCalendar, isIsoDate, type MarketCalendar } from '../market-calendar';

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
  fetch?: readonly PriceFetchRange[];
}

/** A run request as the plan needs it. Dates 'YYYY-MM-DD', inclusive. */
export interface PriceFetchRequest {
  mode: 'incremental' | 'backfill';
  tickers: readonly string[];
  /** Backfill: first day (default `defaultStart`). */
  from?: string;
  /** Backfill: last day (default and upper bound `today`). */
  to?: string;
}

export interface FetchPlanOptions {
  /** Today's New York date: no range ends after it. */
  today: string;
  /** Incremental runs re-read this many stored trading days (0: start the day after lastDate). */
  lagTradingDays: number;
  /** Where a ticker without a cursor (and a backfill without `from`) starts. Default '2022-01-01'. */
  defaultStart?: string;
  /** Ranges are cut into slices of at most this many calendar days. Default 365. */
  maxSliceDays?: number;
  /** Alternatively, slices of this many calendar months (wins over maxSliceDays). */
  sliceMonths?: number;
  /** Default: the NYSE calendar. */
  calendar?: MarketCalendar;
}

/** The default start of history for prices (the product backfills from 2022). */
export const DEFAULT_PRICE_START = '2022-01-01';

/** Today's date in New York at `now` (the exchange's calendar day). */
export function newYorkDate(now: Date): string {
  const date = createTradingDateFormatter(NEW_YORK)(now.getTime());
  if (date === null) throw new RangeError(`not a valid instant: ${String(now)}`);
  return date;
}

function checkDate(name: string, value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a 'YYYY-MM-DD' date, got ${JSON.stringify(value)}`);
}

/** [from, to] cut into consecutive slices of at most `maxSliceDays` days (or `sliceMonths` months). */
export function sliceDateRange(from: string, to: string, options: Pick<FetchPlanOptions, 'maxSliceDays' | 'sliceMonths'> = {}): { from: string; to: string }[] {
  const days = options.maxSliceDays ?? 365;
  if (options.sliceMonths === undefined && !(Number.isInteger(days) && days >= 1)) throw new RangeError(`maxSliceDays must be a positive integer, got ${days}`);
  if (options.sliceMonths !== undefined && !(Number.isInteger(options.sliceMonths) && options.sliceMonths >= 1)) throw new RangeError(`sliceMonths must be a positive integer, got ${options.sliceMonths}`);
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to; ) {
    const next = options.sliceMonths === undefined ? addDays(start, days) : addMonths(start, options.sliceMonths);
    const end = addDays(next, -1) < to ? addDays(next, -1) : to;
    out.push({ from: start, to: end });
    start = next;
  }
  return out;
}

function ranges(ticker: string, from: string, to: string, reason: PriceFetchReason, options: Pick<FetchPlanOptions, 'maxSliceDays' | 'sliceMonths'>): PriceFetchRange[] {
  return sliceDateRange(from, to, options).map((r) => ({ id: `${ticker}:${r.from}:${r.to}`, ticker, ...r, reason }));
}

/**
 * Pure: the ranges to fetch, per ticker of `request`, in request order.
 * - incremental, ticker in cursor: from the earliest of the last `lagTradingDays` trading days up
 *   to lastDate (NYSE calendar) to today; nothing when that start is after today.
 * - incremental, ticker not in cursor ('initial'): from `defaultStart` to today.
 * - backfill: the explicit [from, to] (to capped at today) for every ticker, whatever the cursor.
 * Every range is sliced by `maxSliceDays` / `sliceMonths`.
 * @throws RangeError for malformed dates, a backfill with from > to, or a negative lag.
 */
export function fetchPlan(cursor: PriceCursor | undefined, request: PriceFetchRequest, options: FetchPlanOptions): PriceFetchRange[] {
  const defaultStart = options.defaultStart ?? DEFAULT_PRICE_START;
  checkDate('today', options.today);
  checkDate('defaultStart', defaultStart);
  if (!(Number.isInteger(options.lagTradingDays) && options.lagTradingDays >= 0)) throw new RangeError(`lagTradingDays must be a non-negative integer, got ${options.lagTradingDays}`);
  const calendar = options.calendar ?? createMarketCalendar();
  const tickers = [...new Set(request.tickers)];
  if (request.mode === 'backfill') {
    const from = request.from ?? defaultStart;
    const requestedTo = request.to ?? options.today;
    checkDate('from', from);
    checkDate('to', requestedTo);
    const to = requestedTo > options.today ? options.today : requestedTo;
    if (from > to) throw new RangeError(`backfill from ${from} is after to ${to}`);
    return tickers.flatMap((ticker) => ranges(ticker, from, to, 'backfill', options));
  }
  return tickers.flatMap((ticker) => {
    const state = cursor?.tickers[ticker];
    if (state === undefined) return defaultStart > options.today ? [] : ranges(ticker, defaultStart, options.today, 'initial', options);
    checkDate(`cursor of ${ticker}`, state.lastDate);
    const lag = options.lagTradingDays;
    const from = lag === 0 ? addDays(state.lastDate, 1) : calendar.shiftTradingDays(state.lastDate, -(lag - 1));
    return from > options.today ? [] : ranges(ticker, from, options.today, 'incremental', options);
  });
}

/**
 * Pure: the cursor after `rows` were stored: per ticker, lastDate = the max of the stored and the
 * rows' dates (never backwards), firstDate = the min (kept absent when the stored state lacks it).
 * Rows without a 'YYYY-MM-DD' date are ignored. `fetch` is dropped.
 */
export function nextPriceCursor(cursor: PriceCursor, rows: readonly Pick<PriceBarCandidate, 'ticker' | 'date'>[]): PriceCursor {
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

/** A split as the refetch rule needs it (yahoo/normalize's PriceSplit satisfies it). */
export interface SplitEvent {
  ticker: string;
  /** Trading date the split took effect. */
  date: string;
}

/**
 * Pure: the ranges to re-fetch because a split rewrote adjusted history. A split dated after the
 * stored lastDate of its ticker is news to what is stored: every stored bar predates it and holds
 * prices adjusted the old way, so [firstDate (or defaultStart), lastDate] is fetched again. A split
 * on or before lastDate was seen by the run that stored that date; a ticker without stored state
 * has nothing stale. One set of ranges per ticker, `reason: 'split'`.
 */
export function splitRefetchRanges(stored: PriceCursor | undefined, splits: readonly SplitEvent[], options: Pick<FetchPlanOptions, 'defaultStart' | 'maxSliceDays' | 'sliceMonths'>): PriceFetchRange[] {
  const tickers = new Set(splits.filter((s) => stored?.tickers[s.ticker] !== undefined && s.date > stored.tickers[s.ticker]!.lastDate).map((s) => s.ticker));
  return [...tickers].flatMap((ticker) => {
    const state = stored!.tickers[ticker]!;
    return ranges(ticker, state.firstDate ?? options.defaultStart ?? DEFAULT_PRICE_START, state.lastDate, 'split', options);
  });
}

/** Trading days a range must span, and how close to today it must end, before empty means unknown. */
export const UNKNOWN_TICKER_MIN_TRADING_DAYS = 5;

/**
 * Pure: whether a provider that answers an unknown symbol with an empty result (Alpaca, Polygon)
 * must have returned bars for `range`: the ticker has no stored history, the range spans at least
 * UNKNOWN_TICKER_MIN_TRADING_DAYS trading days and ends within that many of today. Older empty
 * ranges (before a listing) and tickers with history (halted, delisted later) are not errors.
 */
export function expectsBars(range: Pick<PriceFetchRange, 'from' | 'to'>, state: PriceTickerState | undefined, today: string, calendar: MarketCalendar = createMarketCalendar()): boolean {
  if (state !== undefined) return false;
  const to = range.to > today ? today : range.to;
  const recent = calendar.shiftTradingDays(today, -UNKNOWN_TICKER_MIN_TRADING_DAYS);
  return to >= recent && calendar.countTradingDays(range.from, to) >= UNKNOWN_TICKER_MIN_TRADING_DAYS;
}

/** A unit of work shaped like shared/pipelines' `Slice<PriceCursor>` (one ticker range). */
export interface PriceSlice {
  id: string;
  /** The ticker: the cursor scope the slice advances. */
  scope: string;
  cursor: PriceCursor;
  from: string;
  to: string;
}

/**
 * Pure: a run loop's `plan`: `fetchPlan` over the stored per-ticker cursors, one slice per range,
 * each cursor holding that ticker's stored state and the range in `fetch`.
 */
export function planPriceSlices(stored: ReadonlyMap<string, PriceCursor>, request: PriceFetchRequest, options: FetchPlanOptions): PriceSlice[] {
  const combined = [...stored.values()].reduce<PriceCursor>((all, cursor) => mergePriceCursors(all, cursor), { tickers: {} });
  return fetchPlan(combined, request, options).map((range) => {
    const state = combined.tickers[range.ticker];
    return { id: range.id, scope: range.ticker, cursor: { tickers: state ? { [range.ticker]: state } : {}, fetch: [range] }, from: range.from, to: range.to };
  });
}
