/**
 * Alpaca market data v2, multi-symbol daily bars:
 *   GET /v2/stocks/bars?symbols=A,B&timeframe=1Day&start=&end=&limit=&adjustment=&feed=&page_token=
 * with APCA-API-KEY-ID / APCA-API-SECRET-KEY headers, paged by `next_page_token` until it is null.
 * An unknown symbol answers no bars (not an error): the shared pages loop decides that.
 */
import { paginate } from '../../http/paginate';
import { NEW_YORK, createZonedInstant } from '../../schemas/trading-date';
import { addDays } from '../market-calendar';
import { toRawPage, type PriceRequestGroup, type RevealableSecret } from '../prices/pages';
import type { RawPage, SourceHttp } from '../types';
import type { AlpacaAdjustment } from './wire';

/** The source name in lake paths, the ledger and rows' `source`. */
export const ALPACA_SOURCE = 'alpaca';

/** Bars per page, at most (Alpaca's cap). */
export const ALPACA_MAX_PAGE_LIMIT = 10_000;

/** What a bars request needs besides the range. */
export interface AlpacaBarsOptions {
  keyId: RevealableSecret;
  secretKey: RevealableSecret;
  /** 'split' (default in the source) matches Yahoo: split-adjusted OHLC, adj_close = close. */
  adjustment: AlpacaAdjustment;
  /** 'iex' (free plan), 'sip', ...; omitted: the account's default feed. */
  feed?: string;
  /** Bars per page across symbols, 1-10000. */
  limit: number;
}

/** RFC-3339 without milliseconds. */
function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/**
 * `start`/`end` as instants: 00:00 New York of `from` and 23:59:59 New York of `to`, because a
 * date-only value is read by Alpaca as midnight UTC, which would drop the last day's bar.
 */
export function alpacaWindow(from: string, to: string): { start: string; end: string } {
  const midnight = createZonedInstant(NEW_YORK);
  return { start: rfc3339(midnight(from, 0, 0)), end: rfc3339(midnight(addDays(to, 1), 0, 0) - 1000) };
}

/**
 * The pages of one group (many symbols, one range), lazily. Credentials are revealed into the
 * request headers only; `RawPage.request` holds no header, and its URL carries no credential.
 * @throws AuthError on 401/403, HttpError, NetworkError (after the client's retries),
 *   InvalidResponseError for a non-JSON 2xx body, RangeError for a bad limit.
 */
export function alpacaBarsPages(
  http: SourceHttp,
  group: PriceRequestGroup,
  options: AlpacaBarsOptions,
  now: () => Date,
): AsyncIterable<RawPage> {
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > ALPACA_MAX_PAGE_LIMIT)
    throw new RangeError(`limit must be 1-${ALPACA_MAX_PAGE_LIMIT}, got ${options.limit}`);
  const symbols = group.tickers.join(',');
  const { start, end } = alpacaWindow(group.from, group.to);
  const params = {
    tickers: symbols,
    from: group.from,
    to: group.to,
    reason: group.reason,
    adjustment: options.adjustment,
    ...(options.feed ? { feed: options.feed } : {}),
  };

  const fetchPage = (pageToken: string | undefined) => async (): Promise<RawPage> => {
    const response = await http.request({
      path: '/v2/stocks/bars',
      query: {
        symbols,
        timeframe: '1Day',
        start,
        end,
        limit: options.limit,
        adjustment: options.adjustment,
        feed: options.feed,
        page_token: pageToken,
      },
      headers: {
        accept: 'application/json',
        'APCA-API-KEY-ID': options.keyId.reveal(),
        'APCA-API-SECRET-KEY': options.secretKey.reveal(),
      },
    });
    return toRawPage(
      ALPACA_SOURCE,
      response,
      response.url,
      pageToken === undefined ? params : { ...params, page_token: pageToken },
      response.json(),
      now,
    );
  };

  return paginate(fetchPage(undefined), (page) => {
    const token = (page.body as { next_page_token?: unknown } | null)?.next_page_token;
    return typeof token === 'string' && token !== '' ? fetchPage(token) : undefined;
  });
}

/** Bars per symbol in a page body (a light read of the untrusted body). */
export function alpacaBarCounts(page: RawPage): Record<string, number> {
  const bars = (page.body as { bars?: unknown } | null)?.bars;
  if (bars === null || typeof bars !== 'object') return {};
  return Object.fromEntries(
    Object.entries(bars as Record<string, unknown>).map(([symbol, list]) => [
      symbol,
      Array.isArray(list) ? list.length : 0,
    ]),
  );
}
