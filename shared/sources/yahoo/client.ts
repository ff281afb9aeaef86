/**
 * Yahoo Finance chart API v8, one daily-bar request per ticker range:
 *   GET /v8/finance/chart/{symbol}?period1=&period2=&interval=1d&events=div|split&includeAdjustedClose=true
 * Keyless. A 429 answers the plain text `Too Many Requests`: the HTTP layer retries it (Retry-After
 * honoured). An unknown symbol answers 404 with `chart.error.code` 'Not Found'.
 */
import { HttpError } from '../../errors';
import { paginate } from '../../http/paginate';
import { NEW_YORK, createZonedInstant } from '../../schemas/trading-date';
import { addDays } from '../market-calendar';
import { PriceProviderError, UnknownTickerError } from '../prices/errors';
import { toRawPage, type PriceRequestGroup } from '../prices/pages';
import type { RawPage, SourceHttp } from '../types';

/** The source name in lake paths, the ledger and rows' `source`. */
export const YAHOO_SOURCE = 'yahoo';

/**
 * The chart request for [from, to] (inclusive New York days): period1 = 00:00 New York of `from`,
 * period2 = 00:00 New York of the day after `to` (exclusive), both epoch seconds, DST-aware.
 */
export function yahooChartRequest(
  ticker: string,
  from: string,
  to: string,
): { path: string; query: Record<string, string | number | boolean> } {
  const midnight = createZonedInstant(NEW_YORK);
  return {
    path: `/v8/finance/chart/${encodeURIComponent(ticker)}`,
    query: {
      period1: Math.floor(midnight(from, 0, 0) / 1000),
      period2: Math.floor(midnight(addDays(to, 1), 0, 0) / 1000),
      interval: '1d',
      events: 'div|split',
      includeAdjustedClose: true,
    },
  };
}

/** `chart.error` of a body, if it carries one. */
function chartError(body: unknown): { code?: unknown; description?: unknown } | null {
  const error = (body as { chart?: { error?: unknown } } | null)?.chart?.error;
  return error !== null && typeof error === 'object' ? (error as { code?: unknown; description?: unknown }) : null;
}

function unknownTicker(
  ticker: string,
  from: string,
  to: string,
  description: string,
  cause?: unknown,
): UnknownTickerError {
  return new UnknownTickerError(
    `yahoo does not know ${ticker} (chart.error Not Found: ${description}); check the watchlist`,
    { source: YAHOO_SOURCE, ticker, from, to },
    cause,
  );
}

/**
 * The one page of a single-ticker group (Yahoo does not page a daily chart).
 * @throws UnknownTickerError for Yahoo's 'Not Found'; PriceProviderError for another `chart.error`
 *   in a 2xx answer; AuthError, HttpError, NetworkError or InvalidResponseError from the client
 *   (after its retries).
 */
export function yahooChartPages(http: SourceHttp, group: PriceRequestGroup, now: () => Date): AsyncIterable<RawPage> {
  const [ticker] = group.tickers;
  if (ticker === undefined || group.tickers.length !== 1)
    throw new RangeError(`a Yahoo request covers exactly one ticker, got ${group.tickers.length}`);
  const { path, query } = yahooChartRequest(ticker, group.from, group.to);
  const params = { ticker, tickers: ticker, from: group.from, to: group.to, reason: group.reason };
  const fetchPage = async (): Promise<RawPage> => {
    let response;
    try {
      response = await http.request({ path, query, headers: { accept: 'application/json' } });
    } catch (error) {
      if (
        error instanceof HttpError &&
        error.status === 404 &&
        /Not Found/.test(String(error.context.body ?? error.message))
      ) {
        throw unknownTicker(ticker, group.from, group.to, 'No data found, symbol may be delisted', error);
      }
      throw error;
    }
    const body = response.json();
    const error = chartError(body);
    if (error !== null) {
      const description = String(error.description ?? '');
      if (error.code === 'Not Found') throw unknownTicker(ticker, group.from, group.to, description);
      throw new PriceProviderError(`yahoo answered chart.error for ${ticker}: ${String(error.code)}: ${description}`, {
        context: { source: YAHOO_SOURCE, ticker, url: response.url },
      });
    }
    return toRawPage(YAHOO_SOURCE, response, response.url, params, body, now);
  };
  return paginate(fetchPage, () => undefined);
}
