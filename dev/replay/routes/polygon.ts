/**
 * Polygon aggregates v2: `GET /v2/aggs/ticker/{ticker}/range/1/day/{from}/{to}?adjusted=&sort=&limit=&apiKey=`
 * (`from`/`to`: 'YYYY-MM-DD', inclusive New York days, or epoch ms). `limit` defaults to 5000 and is
 * capped at 50000; when more bars remain, `next_url` is the same query narrowed past the last bar
 * sent, absolute, and without the apiKey, as Polygon's is. Auth: the apiKey query parameter (or
 * `Authorization: Bearer`); 401 `{status:'ERROR', error}` without or with a wrong key; 403
 * NOT_AUTHORIZED for ranges before `polygonHistoryStart` when that plan limit is set.
 */
import { json, requestId, type ProviderRoute, type ReplayRequest, type RouteContext } from './types';

const PATH = /^\/v2\/aggs\/ticker\/([^/]+)\/range\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function idOf(request: ReplayRequest): string {
  const query = new URLSearchParams(request.query);
  query.delete('apiKey');
  return requestId(`${request.path}?${query.toString()}`);
}

function bound(value: string, ctx: RouteContext): number | null {
  const ms = DATE_ONLY.test(value) ? ctx.clock.midnightMs(value) : /^\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isFinite(ms) ? ms : null;
}

export const polygonRoute: ProviderRoute = {
  provider: 'polygon',
  handles: (path) => PATH.test(path),

  answer(request, ctx) {
    const id = idOf(request);
    const bearer = /^Bearer (.+)$/.exec(String(request.headers.authorization ?? ''))?.[1];
    const key = request.query.get('apiKey') ?? bearer;
    if (key === undefined || key === null || key === '')
      return json(401, { status: 'ERROR', request_id: id, error: 'API Key was not provided' });
    if (key !== ctx.credentials.polygon.apiKey)
      return json(401, { status: 'ERROR', request_id: id, error: 'Unknown API Key' });

    const [, rawTicker = '', multiplier, timespan, fromParam = '', toParam = ''] = PATH.exec(request.path) ?? [];
    const ticker = decodeURIComponent(rawTicker);
    if (multiplier !== '1' || timespan !== 'day')
      return json(400, { status: 'ERROR', request_id: id, error: 'The replay server serves range/1/day only.' });
    const fromMs = bound(fromParam, ctx);
    const toMs = bound(toParam, ctx);
    if (fromMs === null || toMs === null)
      return json(400, {
        status: 'ERROR',
        request_id: id,
        error: 'Could not parse the time parameter: from/to must be YYYY-MM-DD or epoch ms.',
      });
    const from = ctx.clock.dateOf(fromMs) ?? ctx.today;
    if (ctx.polygonHistoryStart !== undefined && from < ctx.polygonHistoryStart) {
      return json(403, {
        status: 'NOT_AUTHORIZED',
        request_id: id,
        message:
          "Your plan doesn't include this data timeframe. Please upgrade your plan at https://polygon.io/pricing",
      });
    }
    const adjusted = request.query.get('adjusted') !== 'false';
    const sort = request.query.get('sort') === 'desc' ? 'desc' : 'asc';
    const limit = Math.min(50_000, Math.max(1, Number(request.query.get('limit') ?? 5000) || 5000));

    const to = ctx.clock.dateOf(toMs) ?? ctx.today;
    const series = ctx.unknownTickers.has(ticker)
      ? []
      : adjusted
        ? ctx.adjustedBars(ticker, from, to)
        : ctx.bars(ticker, from, to);
    const all = series
      .map((bar) => ({ bar, t: ctx.clock.midnightMs(bar.date) }))
      .filter(({ t }) => t >= fromMs && t <= toMs);
    if (sort === 'desc') all.reverse();
    const page = all.slice(0, limit);
    const results = page.map(({ bar, t }) => {
      const blank = new Set(ctx.nullsFor(ticker, bar.date) ?? []);
      const value = (field: 'open' | 'high' | 'low' | 'close' | 'volume') => (blank.has(field) ? null : bar[field]);
      return {
        v: value('volume'),
        vw: bar.vwap,
        o: value('open'),
        c: value('close'),
        h: value('high'),
        l: value('low'),
        t,
        n: bar.trades,
      };
    });
    const body: Record<string, unknown> = {
      ticker,
      queryCount: results.length,
      resultsCount: results.length,
      adjusted,
    };
    if (results.length > 0) body.results = results;
    body.status = 'OK';
    body.request_id = id;
    body.count = results.length;
    const lastT = page.at(-1)?.t;
    if (all.length > limit && lastT !== undefined) {
      const [nextFrom, nextTo] = sort === 'asc' ? [lastT + 1, toMs] : [fromMs, lastT - 1];
      const query = new URLSearchParams({ adjusted: String(adjusted), sort, limit: String(limit) });
      body.next_url = `${ctx.baseUrl}/v2/aggs/ticker/${encodeURIComponent(ticker)}/range/1/day/${nextFrom}/${nextTo}?${query.toString()}`;
    }
    return json(200, body);
  },

  rateLimited: (retryAfterS, _ctx, request) =>
    json(
      429,
      {
        status: 'ERROR',
        request_id: idOf(request),
        error:
          "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue. https://polygon.io/pricing",
      },
      { 'retry-after': String(retryAfterS) },
    ),
  serverError: (status, _ctx, request) =>
    json(status, { status: 'ERROR', request_id: idOf(request), error: 'Internal server error' }),
};
