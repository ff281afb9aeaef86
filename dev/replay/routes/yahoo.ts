/**
 * Yahoo chart v8: `GET /v8/finance/chart/{symbol}?period1=&period2=&interval=1d&events=div%7Csplit&includeAdjustedClose=true`.
 * Bars whose market-open instant lies in [period1, period2) and not after `today`; prices
 * split-adjusted as known on `today` (as Yahoo's are), `adjclose` equal to the adjusted close (the
 * replay series pays no dividends). Unknown symbols get Yahoo's 404 body; a 429 is plain text.
 */
import { NEW_YORK } from '../../../shared/schemas/trading-date';
import { SERIES_EPOCH } from '../price-series';
import { json, type ProviderRoute, type ReplayAnswer, type RouteContext } from './types';

const PATH = /^\/v8\/finance\/chart\/([^/]+)$/;
const DAY_S = 86_400;

function chartError(status: number, code: string, description: string): ReplayAnswer {
  return json(status, { chart: { result: null, error: { code, description } } });
}

function meta(symbol: string, ctx: RouteContext, last: { close: number } | undefined, previous: number | undefined) {
  const now = ctx.clock.marketOpenS(ctx.today) + 6.5 * 3600;
  const offset = ctx.clock.offsetMinutes(now * 1000);
  return {
    currency: 'USD',
    symbol,
    exchangeName: 'NMS',
    fullExchangeName: 'NasdaqGS',
    instrumentType: 'EQUITY',
    firstTradeDate: ctx.clock.marketOpenS(SERIES_EPOCH),
    regularMarketTime: now,
    hasPrePostMarketData: true,
    gmtoffset: offset * 60,
    timezone: offset === -240 ? 'EDT' : 'EST',
    exchangeTimezoneName: NEW_YORK,
    ...(last === undefined ? {} : { regularMarketPrice: last.close }),
    ...(previous === undefined ? {} : { chartPreviousClose: previous }),
    priceHint: 2,
    dataGranularity: '1d',
    range: '',
    validRanges: ['1d', '5d', '1mo', '3mo', '6mo', '1y', '2y', '5y', '10y', 'ytd', 'max'],
  };
}

export const yahooRoute: ProviderRoute = {
  provider: 'yahoo',
  handles: (path) => PATH.test(path),

  answer(request, ctx) {
    const symbol = decodeURIComponent(PATH.exec(request.path)?.[1] ?? '');
    if (ctx.unknownTickers.has(symbol)) return chartError(404, 'Not Found', 'No data found, symbol may be delisted');
    const interval = request.query.get('interval') ?? '1d';
    if (interval !== '1d')
      return chartError(
        400,
        'Bad Request',
        `Invalid input - interval=${interval} is not supported by the replay server. Valid intervals: [1d]`,
      );
    const period1 = Number(request.query.get('period1') ?? Number.NaN);
    const period2 = Number(request.query.get('period2') ?? Number.NaN);
    if (!Number.isInteger(period1) || !Number.isInteger(period2) || period1 < 0 || period2 < period1) {
      return chartError(
        400,
        'Bad Request',
        'Invalid input - period1 and period2 must be epoch seconds with period1 <= period2',
      );
    }
    const from = ctx.clock.dateOf((period1 - DAY_S) * 1000) ?? SERIES_EPOCH;
    const to = ctx.clock.dateOf((period2 + DAY_S) * 1000) ?? ctx.today;
    const inRange = (date: string) => {
      const ts = ctx.clock.marketOpenS(date);
      return ts >= period1 && ts < period2;
    };
    const bars = ctx.adjustedBars(symbol, from, to).filter((bar) => inRange(bar.date));
    const first = bars[0];
    const lookBack =
      first === undefined ? null : ctx.clock.dateOf((ctx.clock.marketOpenS(first.date) - 10 * DAY_S) * 1000);
    const previous =
      first === undefined || lookBack === null
        ? undefined
        : ctx.adjustedBars(symbol, lookBack, first.date).at(-2)?.close;

    const quote = {
      open: [] as (number | null)[],
      high: [] as (number | null)[],
      low: [] as (number | null)[],
      close: [] as (number | null)[],
      volume: [] as (number | null)[],
    };
    const adjclose: (number | null)[] = [];
    for (const bar of bars) {
      const blank = new Set(ctx.nullsFor(symbol, bar.date) ?? []);
      for (const field of ['open', 'high', 'low', 'close', 'volume'] as const)
        quote[field].push(blank.has(field) ? null : bar[field]);
      adjclose.push(blank.has('close') ? null : bar.close);
    }
    const withAdj = request.query.get('includeAdjustedClose') !== 'false';
    const events = (request.query.get('events') ?? '').split(/[|,]/);
    const split = ctx.split(symbol);
    const result: Record<string, unknown> = { meta: meta(symbol, ctx, bars.at(-1), previous) };
    if (bars.length > 0) result.timestamp = bars.map((bar) => ctx.clock.marketOpenS(bar.date));
    if (events.includes('split') && split !== undefined && split.date <= ctx.today && inRange(split.date)) {
      const date = ctx.clock.marketOpenS(split.date);
      result.events = {
        splits: {
          [String(date)]: {
            date,
            numerator: split.numerator,
            denominator: split.denominator,
            splitRatio: `${split.numerator}:${split.denominator}`,
          },
        },
      };
    }
    result.indicators =
      bars.length === 0
        ? { quote: [{}], ...(withAdj ? { adjclose: [{}] } : {}) }
        : { quote: [quote], ...(withAdj ? { adjclose: [{ adjclose }] } : {}) };
    return json(200, { chart: { result: [result], error: null } });
  },

  rateLimited: (retryAfterS) => ({
    status: 429,
    headers: { 'content-type': 'text/plain;charset=utf-8', 'retry-after': String(retryAfterS) },
    body: 'Too Many Requests',
  }),
  serverError: (status) =>
    chartError(status, 'Internal Server Error', 'The replay server was told to fail this request'),
};
