/**
 * Pure date arithmetic and slice planning of the prices pipeline: backfill ranges per ticker, the
 * lag window of incremental runs, and the full-history re-fetch a split calls for. No clock: every
 * function takes "today" as an argument.
 */

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function toMs(date: string): number {
  if (!ISO_DATE.test(date)) throw new RangeError(`not a 'YYYY-MM-DD' date: ${JSON.stringify(date)}`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new RangeError(`not a calendar date: ${date}`);
  return ms;
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days (negative to go back). */
export function addDays(date: string, days: number): string {
  return fromMs(toMs(date) + days * DAY_MS);
}

/**
 * The weekday `n` weekdays before `date` (n = 0: `date` itself). Holidays are not known here, so
 * the window is at least n trading days; re-reading a day more is harmless (the MERGE is idempotent).
 */
export function weekdaysBefore(date: string, n: number): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  let ms = toMs(date);
  let left = n;
  while (left > 0) {
    ms -= DAY_MS;
    const weekday = new Date(ms).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left -= 1;
  }
  return fromMs(ms);
}

/** Last day of the month `months - 1` after the month of `date`. */
function endOfMonthsFrom(date: string, months: number): string {
  const d = new Date(toMs(date));
  return fromMs(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1) - DAY_MS);
}

/**
 * [from, to] cut into consecutive inclusive ranges that end on calendar-month boundaries every
 * `months` months, counted from the month of `from` (months = 12 and from = 2022-01-01 gives
 * calendar years). Empty when from > to. Deterministic, so a rerun plans the same slice ids.
 */
export function monthRanges(from: string, to: string, months: number): { from: string; to: string }[] {
  if (!Number.isInteger(months) || months < 1) throw new RangeError(`months must be a positive integer, got ${months}`);
  toMs(to);
  const ranges: { from: string; to: string }[] = [];
  let start = from;
  while (toMs(start) <= toMs(to)) {
    const end = endOfMonthsFrom(start, months);
    ranges.push({ from: start, to: end < to ? end : to });
    start = addDays(end, 1);
  }
  return ranges;
}

/** One ticker's fetch range with its slice id. */
export interface PriceRange {
  id: string;
  ticker: string;
  from: string;
  to: string;
}

function range(ticker: string, from: string, to: string): PriceRange {
  return { id: `${ticker}:${from}:${to}`, ticker, from, to };
}

/** Backfill: every ticker x every month range of [from, to], tickers in the given order. */
export function planBackfill(tickers: readonly string[], from: string, to: string, sliceMonths: number): PriceRange[] {
  const ranges = monthRanges(from, to, sliceMonths);
  return tickers.flatMap((ticker) => ranges.map((r) => range(ticker, r.from, r.to)));
}

/**
 * Incremental: per ticker one range from `lagDays` weekdays before its last stored day (never
 * before `backfillFrom`) to today; a ticker without a cursor starts at `backfillFrom`.
 */
export function planIncremental(
  tickers: readonly string[],
  lastDates: ReadonlyMap<string, string>,
  options: { today: string; lagDays: number; backfillFrom: string },
): PriceRange[] {
  return tickers.flatMap((ticker) => {
    const last = lastDates.get(ticker);
    const lagged = last === undefined ? options.backfillFrom : weekdaysBefore(last, options.lagDays);
    const from = lagged < options.backfillFrom ? options.backfillFrom : lagged;
    return from > options.today ? [] : [range(ticker, from, options.today)];
  });
}

/**
 * The re-fetch a split calls for: a split dated after the ticker's last stored day (before the
 * run) means every stored adjusted price of that ticker is stale, so its whole history since
 * `backfillFrom` is fetched again. A split the stored data already reflects (on or before the last
 * stored day, or no stored data at all) needs nothing.
 */
export function splitRefetch(
  ticker: string,
  splitDates: readonly string[],
  lastStored: string | undefined,
  options: { today: string; backfillFrom: string },
): PriceRange | undefined {
  if (lastStored === undefined) return undefined;
  if (!splitDates.some((date) => date > lastStored)) return undefined;
  return { ...range(ticker, options.backfillFrom, options.today), id: `${ticker}:${options.backfillFrom}:${options.today}:split` };
}
