/**
 * The `pages` loop every price source shares: resolve the ranges (cursor.fetch or an incremental
 * plan), group them into provider requests, fetch each group through the provider's pager, and
 * keep going when one ticker fails, so a bad symbol never hides the others' pages.
 */
import { AuthError } from '../../errors';
import type { Logger } from '../../log/types';
import { createMarketCalendar } from '../market-calendar';
import { PriceFetchFailures, UnknownTickerError, type PriceRangeFailure } from './errors';
import { expectsBars, fetchPlan, newYorkDate, type PriceCursor, type PriceFetchRange } from './cursor';
import type { RawPage, SourceHttpResponse } from '../types';
import type { RevealableSecret } from '../types';
export type { RevealableSecret } from '../types';

/** The planning part of every price source's config slice. */
export interface PricePlanSettings {
  /** Tickers of a self-planned run (no `cursor.fetch`): the watchlist. */
  tickers: readonly string[];
  /** Trading days an incremental run re-reads before each ticker's lastDate. */
  lagTradingDays: number;
  /** Start of history for tickers without a cursor. Default '2022-01-01'. */
  defaultStart?: string;
  /** Slice length in calendar days (default 365), or months. */
  maxSliceDays?: number;
  sliceMonths?: number;
  /** Yahoo only: re-fetch a ticker's stored history after a new split (default true). */
  refetchOnSplit?: boolean;
}

/** Ranges sharing [from, to] that one provider request covers. */
export interface PriceRequestGroup {
  tickers: readonly string[];
  from: string;
  to: string;
  reason: PriceFetchRange['reason'];
}

/** The ranges one `pages` call fetches: `cursor.fetch` when given, else an incremental plan for today. */
export function resolvePriceRanges(cursor: PriceCursor, settings: PricePlanSettings, now: Date): PriceFetchRange[] {
  if (cursor.fetch !== undefined) return [...cursor.fetch];
  return fetchPlan(cursor, { mode: 'incremental', tickers: settings.tickers }, { ...settings, today: newYorkDate(now) });
}

/** Groups ranges with equal from/to/reason, at most `size` tickers per group, in first-seen order. */
export function groupRanges(ranges: readonly PriceFetchRange[], size: number): PriceRequestGroup[] {
  const groups: PriceRequestGroup[] = [];
  const open = new Map<string, PriceRequestGroup & { tickers: string[] }>();
  for (const range of ranges) {
    const key = `${range.from}|${range.to}|${range.reason}`;
    let group = open.get(key);
    if (group === undefined || group.tickers.length >= size) {
      group = { tickers: [], from: range.from, to: range.to, reason: range.reason };
      open.set(key, group);
      groups.push(group);
    }
    if (!group.tickers.includes(range.ticker)) group.tickers.push(range.ticker);
  }
  return groups;
}

/** A RawPage from a response: `url` is already credential-free (the caller strips what remains). */
export function toRawPage(source: string, response: SourceHttpResponse, url: string, params: Record<string, string>, body: unknown, now: () => Date): RawPage {
  return { source, request: { method: 'GET', url, params }, status: response.status, receivedAt: now().toISOString(), body };
}

export interface DrivePricePagesOptions {
  source: string;
  cursor: PriceCursor;
  ranges: readonly PriceFetchRange[];
  /** Tickers per provider request (1 for per-symbol APIs). */
  groupSize: number;
  log: Logger;
  now: () => Date;
  /** The pages of one group, lazily. */
  fetchGroup(group: PriceRequestGroup): AsyncIterable<RawPage>;
  /** Bars per ticker in a page, for providers that answer an unknown symbol with nothing. */
  countBars?(page: RawPage): Readonly<Record<string, number>>;
  /** Extra ranges a page calls for (Yahoo: a split's history re-fetch), queued after the plan. */
  followUps?(page: RawPage, group: PriceRequestGroup): readonly PriceFetchRange[];
}

/**
 * Yields every group's pages. A failing group (or an unknown ticker) is recorded and the next
 * group goes on; at the end one failure is rethrown as is, several as PriceFetchFailures. An
 * AuthError is rethrown at once: every other request would fail the same way.
 */
export async function* drivePricePages(options: DrivePricePagesOptions): AsyncGenerator<RawPage, void, undefined> {
  const today = newYorkDate(options.now());
  const calendar = createMarketCalendar();
  const queue = groupRanges(options.ranges, options.groupSize);
  const failures: PriceRangeFailure[] = [];
  const queued = new Set(options.ranges.map((r) => r.id));
  for (let i = 0; i < queue.length; i++) {
    const group = queue[i]!;
    const bars = new Map<string, number>(group.tickers.map((t) => [t, 0]));
    const extra: PriceFetchRange[] = [];
    try {
      for await (const page of options.fetchGroup(group)) {
        for (const [ticker, n] of Object.entries(options.countBars?.(page) ?? {})) bars.set(ticker, (bars.get(ticker) ?? 0) + n);
        extra.push(...(options.followUps?.(page, group) ?? []).filter((r) => !queued.has(r.id)));
        yield page;
      }
    } catch (error) {
      if (error instanceof AuthError) throw error;
      options.log.warn('price range failed', { source: options.source, tickers: group.tickers, from: group.from, to: group.to, error: error instanceof Error ? error.message : String(error) });
      failures.push({ tickers: group.tickers, from: group.from, to: group.to, error });
      continue;
    }
    if (options.countBars !== undefined) {
      for (const ticker of group.tickers) {
        if (bars.get(ticker) !== 0 || !expectsBars(group, options.cursor.tickers[ticker], today, calendar)) continue;
        const message = `${options.source} returned no bars for ${ticker} from ${group.from} to ${group.to}: the symbol is unknown to the provider or delisted; check the watchlist`;
        failures.push({ tickers: [ticker], from: group.from, to: group.to, error: new UnknownTickerError(message, { source: options.source, ticker, from: group.from, to: group.to }) });
      }
    }
    for (const range of extra) queued.add(range.id);
    if (extra.length > 0) options.log.info('price ranges re-fetched', { source: options.source, ranges: extra.map((r) => r.id), reason: extra[0]!.reason });
    queue.push(...groupRanges(extra, options.groupSize));
  }
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1) throw new PriceFetchFailures(options.source, failures);
}
