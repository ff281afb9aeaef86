/**
 * The prices pipeline's plan, in one place: which ticker ranges a run fetches and how they are cut
 * into slices. Incremental runs re-read a lag window of trading days before each ticker's stored
 * lastDate (a ticker without a cursor starts at the start of history); backfills take the
 * requested range for every ticker, whatever the cursor; every range is cut into slices of
 * calendar days or months; a split newer than a ticker's stored data re-fetches its stored
 * history (follow-up slices). Each slice's cursor carries its one range in `fetch`, and a price
 * source fetches exactly that (shared/sources/prices). Pure: `today` is an argument.
 */
import { DEFAULT_BACKFILL_FROM } from '../../config/schema';
import {
  addDays,
  addMonths,
  createMarketCalendar,
  isIsoDate,
  type MarketCalendar,
} from '../../sources/market-calendar';
import {
  mergePriceCursors,
  type PriceCursor,
  type PriceFetchReason,
  type PriceFetchRange,
} from '../../sources/prices/cursor';
import type { RunRequest, Slice } from '../loop/types';
import type { PricesSettings } from './settings';

/** A run request as the plan needs it. Dates 'YYYY-MM-DD', inclusive. */
export interface PriceFetchRequest {
  mode: 'incremental' | 'backfill';
  tickers: readonly string[];
  /** Backfill: first day (default `defaultStart`). */
  from?: string;
  /** Backfill: last day (default and upper bound `today`). */
  to?: string;
}

/** How ranges are planned and cut. */
export interface FetchPlanOptions {
  /** Today's New York date: no range ends after it. */
  today: string;
  /** Incremental runs re-read this many stored trading days (0: start the day after lastDate). */
  lagTradingDays: number;
  /** Where a ticker without a cursor (and a backfill without `from`) starts. Default PRICES_BACKFILL_FROM's default. */
  defaultStart?: string;
  /** Ranges are cut into slices of at most this many calendar days. Default 365. */
  maxSliceDays?: number;
  /** Alternatively, slices of this many calendar months (wins over maxSliceDays). */
  sliceMonths?: number;
  /** Default: the NYSE calendar. */
  calendar?: MarketCalendar;
}

/** The default start of history for prices: the config's default PRICES_BACKFILL_FROM. */
export const DEFAULT_PRICE_START = DEFAULT_BACKFILL_FROM;

function checkDate(name: string, value: string): void {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a 'YYYY-MM-DD' date, got ${JSON.stringify(value)}`);
}

/** [from, to] cut into consecutive slices of at most `maxSliceDays` days (or `sliceMonths` months). */
export function sliceDateRange(
  from: string,
  to: string,
  options: Pick<FetchPlanOptions, 'maxSliceDays' | 'sliceMonths'> = {},
): { from: string; to: string }[] {
  const days = options.maxSliceDays ?? 365;
  if (options.sliceMonths === undefined && !(Number.isInteger(days) && days >= 1))
    throw new RangeError(`maxSliceDays must be a positive integer, got ${days}`);
  if (options.sliceMonths !== undefined && !(Number.isInteger(options.sliceMonths) && options.sliceMonths >= 1))
    throw new RangeError(`sliceMonths must be a positive integer, got ${options.sliceMonths}`);
  const out: { from: string; to: string }[] = [];
  for (let start = from; start <= to;) {
    const next = options.sliceMonths === undefined ? addDays(start, days) : addMonths(start, options.sliceMonths);
    const end = addDays(next, -1) < to ? addDays(next, -1) : to;
    out.push({ from: start, to: end });
    start = next;
  }
  return out;
}

function ranges(
  ticker: string,
  from: string,
  to: string,
  reason: PriceFetchReason,
  options: Pick<FetchPlanOptions, 'maxSliceDays' | 'sliceMonths'>,
): PriceFetchRange[] {
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
export function fetchPlan(
  cursor: PriceCursor | undefined,
  request: PriceFetchRequest,
  options: FetchPlanOptions,
): PriceFetchRange[] {
  const defaultStart = options.defaultStart ?? DEFAULT_PRICE_START;
  checkDate('today', options.today);
  checkDate('defaultStart', defaultStart);
  if (!(Number.isInteger(options.lagTradingDays) && options.lagTradingDays >= 0))
    throw new RangeError(`lagTradingDays must be a non-negative integer, got ${options.lagTradingDays}`);
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
    if (state === undefined)
      return defaultStart > options.today ? [] : ranges(ticker, defaultStart, options.today, 'initial', options);
    checkDate(`cursor of ${ticker}`, state.lastDate);
    const lag = options.lagTradingDays;
    const from = lag === 0 ? addDays(state.lastDate, 1) : calendar.shiftTradingDays(state.lastDate, -(lag - 1));
    return from > options.today ? [] : ranges(ticker, from, options.today, 'incremental', options);
  });
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
export function splitRefetchRanges(
  stored: PriceCursor | undefined,
  splits: readonly SplitEvent[],
  options: Pick<FetchPlanOptions, 'defaultStart' | 'maxSliceDays' | 'sliceMonths'>,
): PriceFetchRange[] {
  const tickers = new Set(
    splits
      .filter((s) => stored?.tickers[s.ticker] !== undefined && s.date > stored.tickers[s.ticker]!.lastDate)
      .map((s) => s.ticker),
  );
  return [...tickers].flatMap((ticker) => {
    const state = stored!.tickers[ticker]!;
    return ranges(
      ticker,
      state.firstDate ?? options.defaultStart ?? DEFAULT_PRICE_START,
      state.lastDate,
      'split',
      options,
    );
  });
}

/** The slice of one range: its ticker's stored state, the range in `fetch`. Split re-fetches get their own id. */
export function priceSliceOf(range: PriceFetchRange, stored: PriceCursor | undefined): Slice<PriceCursor> {
  const state = stored?.tickers[range.ticker];
  return {
    id: range.reason === 'split' ? `${range.id}:split` : range.id,
    scope: range.ticker,
    cursor: { tickers: state === undefined ? {} : { [range.ticker]: state }, fetch: [range] },
    from: range.from,
    to: range.to,
  };
}

/**
 * Pure: a run loop's `plan`: `fetchPlan` over the stored per-ticker cursors, one slice per range,
 * each cursor holding that ticker's stored state and the range in `fetch`.
 */
export function planPriceSlices(
  stored: ReadonlyMap<string, PriceCursor>,
  request: PriceFetchRequest,
  options: FetchPlanOptions,
): Slice<PriceCursor>[] {
  const combined = [...stored.values()].reduce<PriceCursor>((all, cursor) => mergePriceCursors(all, cursor), {
    tickers: {},
  });
  return fetchPlan(combined, request, options).map((range) => priceSliceOf(range, combined));
}

/** The prices settings the plan reads. */
export type PricePlanSettings = Pick<PricesSettings, 'watchlist' | 'backfillFrom' | 'lagDays' | 'sliceMonths'>;

/**
 * The prices definition's `plan`: the request's tickers (default: the watchlist) planned over the
 * stored cursors with the lag window and month slices of `settings`. A backfill wholly in the
 * future (its resolved `from` after `to`) plans nothing.
 */
export function planPrices(
  request: RunRequest,
  cursors: ReadonlyMap<string, PriceCursor>,
  today: string,
  settings: PricePlanSettings,
): Slice<PriceCursor>[] {
  const tickers = request.scopes ?? settings.watchlist;
  // A backfill wholly in the future has nothing to fetch (fetchPlan would call it malformed).
  if (
    request.mode === 'backfill' &&
    request.from !== undefined &&
    request.to !== undefined &&
    request.from > request.to
  )
    return [];
  const fetch = {
    mode: request.mode,
    tickers,
    ...(request.from === undefined ? {} : { from: request.from }),
    ...(request.to === undefined ? {} : { to: request.to }),
  };
  return planPriceSlices(cursors, fetch, {
    defaultStart: settings.backfillFrom,
    sliceMonths: settings.sliceMonths,
    today,
    lagTradingDays: settings.lagDays,
  });
}

/** The follow-up slices of `splits` seen in a slice of a ticker stored as `before` (see splitRefetchRanges). */
export function planSplitRefetch(
  before: PriceCursor | undefined,
  splits: readonly SplitEvent[],
  settings: Pick<PricePlanSettings, 'backfillFrom' | 'sliceMonths'>,
): Slice<PriceCursor>[] {
  return splitRefetchRanges(before, splits, {
    defaultStart: settings.backfillFrom,
    sliceMonths: settings.sliceMonths,
  }).map((range) => priceSliceOf(range, before));
}
