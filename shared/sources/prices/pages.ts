/**
 * The `pages` loop every price source shares: take exactly the ranges in `cursor.fetch` (the
 * prices pipeline plans them; a source plans nothing), group them into provider requests, fetch
 * each group through the provider's pager, and keep going when one ticker fails, so a bad symbol
 * never hides the others' pages.
 */
import { AuthError } from '../../errors';
import type { Logger } from '../../log/types';
import { createMarketCalendar } from '../market-calendar';
import { PriceFetchFailures, UnknownTickerError, type PriceRangeFailure } from './errors';
import { expectsBars, newYorkDate, type PriceCursor, type PriceFetchRange } from './cursor';
import type { RawPage, SourceHttpResponse } from '../types';
export type { RevealableSecret } from '../types';

/** Ranges sharing [from, to] that one provider request covers. */
export interface PriceRequestGroup {
  tickers: readonly string[];
  from: string;
  to: string;
  reason: PriceFetchRange['reason'];
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
export function toRawPage(
  source: string,
  response: SourceHttpResponse,
  url: string,
  params: Record<string, string>,
  body: unknown,
  now: () => Date,
): RawPage {
  return {
    source,
    request: { method: 'GET', url, params },
    status: response.status,
    receivedAt: now().toISOString(),
    body,
  };
}

export interface DrivePricePagesOptions {
  source: string;
  /** The stored state of the cursor's tickers, and in `fetch` the ranges to fetch (exactly these). */
  cursor: PriceCursor;
  /** Tickers per provider request (1 for per-symbol APIs). */
  groupSize: number;
  log: Logger;
  now: () => Date;
  /** The pages of one group, lazily. */
  fetchGroup(group: PriceRequestGroup): AsyncIterable<RawPage>;
  /** Bars per ticker in a page, for providers that answer an unknown symbol with nothing. */
  countBars?(page: RawPage): Readonly<Record<string, number>>;
}

/**
 * Yields the pages of every group of `cursor.fetch`, and nothing more (no ranges: no request). A
 * failing group (or an unknown ticker) is recorded and the next group goes on; at the end one
 * failure is rethrown as is, several as PriceFetchFailures. An AuthError is rethrown at once:
 * every other request would fail the same way.
 */
export async function* drivePricePages(options: DrivePricePagesOptions): AsyncGenerator<RawPage, void, undefined> {
  const today = newYorkDate(options.now());
  const calendar = createMarketCalendar();
  const failures: PriceRangeFailure[] = [];
  for (const group of groupRanges(options.cursor.fetch ?? [], options.groupSize)) {
    const bars = new Map<string, number>(group.tickers.map((t) => [t, 0]));
    try {
      for await (const page of options.fetchGroup(group)) {
        for (const [ticker, n] of Object.entries(options.countBars?.(page) ?? {}))
          bars.set(ticker, (bars.get(ticker) ?? 0) + n);
        yield page;
      }
    } catch (error) {
      if (error instanceof AuthError) throw error;
      options.log.warn('price range failed', {
        source: options.source,
        tickers: group.tickers,
        from: group.from,
        to: group.to,
        error: error instanceof Error ? error.message : String(error),
      });
      failures.push({ tickers: group.tickers, from: group.from, to: group.to, error });
      continue;
    }
    if (options.countBars !== undefined) {
      for (const ticker of group.tickers) {
        if (bars.get(ticker) !== 0 || !expectsBars(group, options.cursor.tickers[ticker], today, calendar)) continue;
        const message = `${options.source} returned no bars for ${ticker} from ${group.from} to ${group.to}: the symbol is unknown to the provider or delisted; check the watchlist`;
        failures.push({
          tickers: [ticker],
          from: group.from,
          to: group.to,
          error: new UnknownTickerError(message, { source: options.source, ticker, from: group.from, to: group.to }),
        });
      }
    }
  }
  if (failures.length === 1) throw failures[0]!.error;
  if (failures.length > 1) throw new PriceFetchFailures(options.source, failures);
}
