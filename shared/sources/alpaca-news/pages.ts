import { paginate } from '../../http/paginate';
import type { RawPage, SourceHttp, SourceHttpResponse } from '../types';
import { ALPACA_NEWS_MAX_LIMIT } from './wire';
import type { RevealableSecret } from '../types';
export type { RevealableSecret } from '../types';

/** Alpaca credentials, sent as APCA-API-KEY-ID / APCA-API-SECRET-KEY on every request. */
export interface AlpacaNewsCredentials {
  keyId: RevealableSecret;
  secretKey: RevealableSecret;
}

/** One window of `/v1beta1/news`, paged to its end. */
export interface AlpacaNewsQuery {
  /** RFC-3339 instant, inclusive. */
  start: string;
  /** RFC-3339 instant, inclusive; omitted: up to now. */
  end?: string;
  /** Tickers to filter on; empty or omitted: market-wide (every article). */
  symbols?: readonly string[];
  /** Articles per page, 1-50. Default 50. */
  limit?: number;
  /** Extra `params` recorded on each RawPage (e.g. { scope: 'watchlist' }). */
  label?: Readonly<Record<string, string>>;
}

/**
 * Pages of `GET /v1beta1/news` for one window, oldest first (sort=asc, include_content=true),
 * following `next_page_token` until it is null. Lazy: one request per page pulled.
 *
 * @throws what `http.request` throws (AuthError on 401/403, HttpError, NetworkError after the
 *   client's retries; a 429's Retry-After is honoured by the client), or RangeError for a bad limit.
 */
export function alpacaNewsPages(
  http: SourceHttp,
  credentials: AlpacaNewsCredentials,
  query: AlpacaNewsQuery,
  now: () => Date,
): AsyncIterable<RawPage> {
  const limit = query.limit ?? ALPACA_NEWS_MAX_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > ALPACA_NEWS_MAX_LIMIT)
    throw new RangeError(`limit must be 1-${ALPACA_NEWS_MAX_LIMIT}, got ${limit}`);
  const symbols = query.symbols && query.symbols.length > 0 ? query.symbols.join(',') : undefined;
  const headers = {
    accept: 'application/json',
    'APCA-API-KEY-ID': credentials.keyId.reveal(),
    'APCA-API-SECRET-KEY': credentials.secretKey.reveal(),
  };
  const params: Record<string, string> = {
    ...query.label,
    start: query.start,
    ...(query.end ? { end: query.end } : {}),
    ...(symbols ? { symbols } : {}),
  };

  const fetchPage = (pageToken: string | undefined) => async (): Promise<RawPage> => {
    const response: SourceHttpResponse = await http.request({
      path: '/v1beta1/news',
      query: {
        start: query.start,
        end: query.end,
        symbols,
        limit,
        sort: 'asc',
        include_content: true,
        page_token: pageToken,
      },
      headers,
    });
    return {
      source: 'alpaca-news',
      request: { method: 'GET', url: response.url, params },
      status: response.status,
      receivedAt: now().toISOString(),
      body: response.json(),
    };
  };

  return paginate(fetchPage(undefined), (page) => {
    const token = (page.body as { next_page_token?: unknown } | null)?.next_page_token;
    return typeof token === 'string' && token !== '' ? fetchPage(token) : undefined;
  });
}
