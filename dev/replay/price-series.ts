/**
 * The replay server's prices, as a pure function of (seed, ticker, date): tests call it to compute
 * the exact rows a pipeline must land. Each ticker follows its own mean-reverting log random walk
 * over every weekday since SERIES_EPOCH, so any date range is a consistent slice of one series and
 * holidays only hide days. Prices are whole cents as traded; a split divides the traded price on
 * and after its date, and adjusting divides the earlier ones the same way, as providers do.
 */
import { NYSE_HOLIDAYS, dateOfDay, dayNumber, isWeekday } from './calendar';

/** First day of every series; no bar exists before it. A Monday. */
export const SERIES_EPOCH = '2000-01-03';

/** A split: `numerator` new shares for every `denominator` old ones, effective at the open of `date`. */
export interface SplitSpec {
  date: string;
  numerator: number;
  denominator: number;
}

/** The default split, as NVDA did: 10-for-1 on 2024-06-10. */
export const DEFAULT_SPLITS: Readonly<Record<string, SplitSpec>> = {
  NVDA: { date: '2024-06-10', numerator: 10, denominator: 1 },
};

export interface SeriesOptions {
  /** Changes every price of every ticker; same seed, same series. Default 1. */
  seed?: number | string;
  /** Closed days; default NYSE_HOLIDAYS. Weekends are always closed. */
  holidays?: readonly string[];
  /** At most one split per ticker; default DEFAULT_SPLITS. */
  splits?: Readonly<Record<string, SplitSpec>>;
}

/** One day as traded (unadjusted): prices in currency units (whole cents), volume in shares. */
export interface SeriesBar {
  ticker: string;
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  /** Volume-weighted average price, 4 decimals. */
  vwap: number;
  /** Number of trades. */
  trades: number;
}

/** FNV-1a of a string, as the per-ticker stream id. */
function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Uniform in (0, 1) from (stream, day, slot): counter-based, so no state carries across calls. */
function uniform(stream: number, day: number, slot: number): number {
  let h = stream ^ Math.imul(day + 0x9e3779b9, 0x85ebca6b) ^ Math.imul(slot + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return ((h >>> 0) + 0.5) / 4294967296;
}

function normal(stream: number, day: number, slot: number): number {
  return Math.sqrt(-2 * Math.log(uniform(stream, day, slot))) * Math.cos(2 * Math.PI * uniform(stream, day, slot + 1));
}

/** The split ratio (10 for 10:1) of `split`, or 1 when there is none. */
export function splitRatio(split: SplitSpec | undefined): number {
  return split === undefined ? 1 : split.numerator / split.denominator;
}

/**
 * The traded bars of `ticker` for the trading days in [from, to] (inclusive 'YYYY-MM-DD'),
 * ascending. Deterministic for (options.seed, ticker, date): the same day has the same bar in any
 * range. Invariants: low <= min(open, close) <= max(open, close) <= high, every price >= 0.01,
 * volume a positive integer. Cost: linear in the days from SERIES_EPOCH to `to`.
 */
export function barsFor(ticker: string, from: string, to: string, options: SeriesOptions = {}): SeriesBar[] {
  const holidays = new Set(options.holidays ?? NYSE_HOLIDAYS);
  const split = (options.splits ?? DEFAULT_SPLITS)[ticker];
  const splitDay = split === undefined ? Infinity : dayNumber(split.date);
  const ratio = splitRatio(split);
  const stream = hashString(`${String(options.seed ?? 1)}:${ticker}`);
  const anchor = Math.log(15 + uniform(stream, -1, 0) * 485); // long-run price, in post-split units
  const sigma = 0.008 + uniform(stream, -1, 1) * 0.022; // daily volatility
  const baseVolume = 200_000 + uniform(stream, -1, 2) * 40_000_000;
  const first = Math.max(dayNumber(from), dayNumber(SERIES_EPOCH));
  const last = dayNumber(to);
  const bars: SeriesBar[] = [];
  let logClose = anchor + (uniform(stream, -1, 3) - 0.5) * 0.4;

  for (let day = dayNumber(SERIES_EPOCH); day <= last; day++) {
    if (!isWeekday(day)) continue;
    const prevLog = logClose;
    logClose += -0.004 * (logClose - anchor) + sigma * normal(stream, day, 0);
    if (day < first) continue;
    const prevClose = Math.exp(prevLog);
    const date = dateOfDay(day);
    if (holidays.has(date)) continue;
    // Traded prices before the split are `ratio` times the post-split units of the walk.
    const factor = day < splitDay ? ratio : 1;
    const openC = Math.max(1, Math.round(prevClose * Math.exp(sigma * 0.3 * normal(stream, day, 2)) * factor * 100));
    const closeC = Math.max(1, Math.round(Math.exp(logClose) * factor * 100));
    const highC = Math.max(openC, closeC) + Math.round(Math.max(openC, closeC) * sigma * uniform(stream, day, 4));
    const lowC = Math.max(
      1,
      Math.min(openC, closeC) - Math.round(Math.min(openC, closeC) * sigma * uniform(stream, day, 5)),
    );
    const volume = Math.max(
      1,
      Math.round((baseVolume * (0.5 + uniform(stream, day, 6)) * (1 + Math.abs(normal(stream, day, 7)))) / factor),
    );
    bars.push({
      ticker,
      date,
      open: openC / 100,
      high: highC / 100,
      low: lowC / 100,
      close: closeC / 100,
      volume,
      vwap: Math.round(((highC + lowC + closeC) / 3) * 100) / 10_000,
      trades: Math.max(1, Math.round(volume / (40 + uniform(stream, day, 8) * 160))),
    });
  }
  return bars;
}

/**
 * `bars` split-adjusted as a provider would answer on `asOf`: when the split's date is on or
 * before `asOf`, every bar dated before it has prices divided by the ratio and volume multiplied
 * by it (rounded to whole shares). A split after `asOf` has not happened yet: bars are returned
 * unchanged. Pure; returns new objects.
 */
export function splitAdjusted(bars: readonly SeriesBar[], split: SplitSpec | undefined, asOf: string): SeriesBar[] {
  if (split === undefined || split.date > asOf) return bars.map((bar) => ({ ...bar }));
  const ratio = splitRatio(split);
  return bars.map((bar) =>
    bar.date >= split.date
      ? { ...bar }
      : {
          ...bar,
          open: bar.open / ratio,
          high: bar.high / ratio,
          low: bar.low / ratio,
          close: bar.close / ratio,
          vwap: bar.vwap / ratio,
          volume: Math.round(bar.volume * ratio),
        },
  );
}
