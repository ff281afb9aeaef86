/**
 * Polygon aggregates v2, one ticker range per request:
 *   GET /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}?adjusted=&sort=asc&limit=&apiKey=
 * paged by `next_url`, which is absolute and omits the apiKey (re-appended, see next-url.ts).
 * The key travels only in the request URL; every URL kept (RawPage, errors, logs) lacks it.
 */
import { paginate } from '../../http/paginate';
import { PriceProviderError } from '../prices/errors';
import { toRawPage, type PriceRequestGroup, type RevealableSecret } from '../prices/pages';
import type { RawPage, SourceHttp } from '../types';
import { redactApiKey, withApiKey } from './next-url';
import { polygonErrorText } from './wire';

/** The source name in lake paths, the ledger and rows' `source`. */
export const POLYGON_SOURCE = 'polygon';

/** Aggregates per page, at most (Polygon's cap). */
export const POLYGON_MAX_PAGE_LIMIT = 50_000;

export interface PolygonAggsOptions {
  apiKey: RevealableSecret;
  /** Split-adjusted prices (default true in the source). */
  adjusted: boolean;
  /** Aggregates per page, 1-50000. */
  limit: number;
}

/**
 * The pages of one single-ticker group, lazily.
 * @throws AuthError (401 bad key, 403 NOT_AUTHORIZED plan limits), HttpError, NetworkError (after
 *   the client's retries), PriceProviderError for a 2xx whose `status` is not OK/DELAYED,
 *   InvalidResponseError for a non-JSON body, RangeError for a bad limit or group.
 */
export function polygonAggsPages(
  http: SourceHttp,
  group: PriceRequestGroup,
  options: PolygonAggsOptions,
  now: () => Date,
): AsyncIterable<RawPage> {
  const [ticker] = group.tickers;
  if (ticker === undefined || group.tickers.length !== 1)
    throw new RangeError(`a Polygon request covers exactly one ticker, got ${group.tickers.length}`);
  if (!Number.isInteger(options.limit) || options.limit < 1 || options.limit > POLYGON_MAX_PAGE_LIMIT)
    throw new RangeError(`limit must be 1-${POLYGON_MAX_PAGE_LIMIT}, got ${options.limit}`);
  const params = {
    ticker,
    tickers: ticker,
    from: group.from,
    to: group.to,
    reason: group.reason,
    adjusted: String(options.adjusted),
  };

  const fetchPage =
    (path: string, query: Record<string, string | number | boolean> | undefined, pageIndex: number) =>
    async (): Promise<RawPage> => {
      const response = await http.request({ path, query, headers: { accept: 'application/json' } });
      const url = redactApiKey(response.url);
      const body = response.json<{ status?: unknown; error?: string; message?: string }>();
      const problem =
        typeof body?.status === 'string' ? polygonErrorText(body as { status: string }) : 'answer without a status';
      if (problem !== null)
        throw new PriceProviderError(
          `polygon answered ${String(body?.status)} for ${ticker} ${group.from}..${group.to}: ${problem}`,
          { context: { source: POLYGON_SOURCE, ticker, url } },
        );
      return toRawPage(
        POLYGON_SOURCE,
        response,
        url,
        pageIndex === 0 ? params : { ...params, page: String(pageIndex) },
        body,
        now,
      );
    };

  const first = fetchPage(
    `/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/day/${group.from}/${group.to}`,
    { adjusted: options.adjusted, sort: 'asc', limit: options.limit, apiKey: options.apiKey.reveal() },
    0,
  );
  return paginate(first, (page, index) => {
    const next = (page.body as { next_url?: unknown } | null)?.next_url;
    return typeof next === 'string' && next !== ''
      ? fetchPage(withApiKey(next, options.apiKey.reveal()), undefined, index + 1)
      : undefined;
  });
}

/** Aggregates in a page body, by the page's ticker (a light read of the untrusted body). */
export function polygonBarCounts(page: RawPage): Record<string, number> {
  const results = (page.body as { results?: unknown } | null)?.results;
  const ticker = page.request.params.ticker;
  return ticker === undefined ? {} : { [ticker]: Array.isArray(results) ? results.length : 0 };
}
