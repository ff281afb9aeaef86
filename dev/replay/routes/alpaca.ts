/**
 * Alpaca market data v2, multi-symbol daily bars:
 * `GET /v2/stocks/bars?symbols=A,B&timeframe=1Day&start=&end=&limit=&adjustment=&feed=&page_token=`
 * with headers APCA-API-KEY-ID / APCA-API-SECRET-KEY (403 `{"message":"forbidden"}` otherwise).
 * Bars run symbol by symbol (sorted), then by time; `limit` (default 1000, max 10000) counts bars
 * across symbols, and `next_page_token` (base64 of "SYMBOL|t" of the last bar sent) resumes after
 * it. `start`/`end` accept RFC-3339 instants or 'YYYY-MM-DD' (that New York day, inclusive).
 * adjustment=split|all answers split-adjusted prices; raw and dividend answer traded prices.
 */
import type { SeriesBar } from '../price-series';
import { json, type ProviderRoute, type RouteContext } from './types';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

function bound(value: string | null, fallback: number, ctx: RouteContext): number | null {
  if (value === null || value === '') return fallback;
  const ms = DATE_ONLY.test(value) ? ctx.clock.midnightMs(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export const alpacaRoute: ProviderRoute = {
  provider: 'alpaca',
  handles: (path) => path === '/v2/stocks/bars',

  answer(request, ctx) {
    const q = request.query;
    const { keyId, secretKey } = ctx.credentials.alpaca;
    if (request.headers['apca-api-key-id'] !== keyId || request.headers['apca-api-secret-key'] !== secretKey)
      return json(403, { message: 'forbidden' });
    const symbols = (q.get('symbols') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    if (symbols.length === 0) return json(400, { message: 'missing symbols' });
    const timeframe = q.get('timeframe');
    if (timeframe !== '1Day' && timeframe !== '1D')
      return json(400, { message: `invalid timeframe: the replay server serves 1Day only, got ${String(timeframe)}` });
    const limit = q.get('limit') === null ? 1000 : Number(q.get('limit'));
    if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
      return json(400, { message: 'invalid limit: must be between 1 and 10000' });
    const adjustment = q.get('adjustment') ?? 'raw';
    if (!['raw', 'split', 'dividend', 'all'].includes(adjustment))
      return json(400, { message: `invalid adjustment: ${adjustment}` });
    const todayStart = ctx.clock.midnightMs(ctx.today);
    const startMs = bound(q.get('start'), todayStart, ctx);
    const endMs = bound(q.get('end'), todayStart + 86_399_999, ctx);
    if (startMs === null || endMs === null)
      return json(400, { message: 'invalid start or end: use RFC-3339 or YYYY-MM-DD' });

    let after: { symbol: string; t: number } | undefined;
    const token = q.get('page_token');
    if (token !== null && token !== '') {
      const [symbol, t] = Buffer.from(token, 'base64').toString('utf8').split('|');
      const ms = Date.parse(t ?? '');
      if (symbol === undefined || !Number.isFinite(ms)) return json(400, { message: 'invalid page token' });
      after = { symbol, t: ms };
    }

    const from = ctx.clock.dateOf(startMs);
    const to = ctx.clock.dateOf(endMs);
    const adjusted = adjustment === 'split' || adjustment === 'all';
    const page: Record<string, unknown[]> = {};
    let sent = 0;
    let last: { symbol: string; t: number } | undefined;
    let more = false;
    for (const symbol of [...new Set(symbols)].sort()) {
      if (more || ctx.unknownTickers.has(symbol) || from === null || to === null) continue;
      if (after !== undefined && symbol < after.symbol) continue;
      const bars: SeriesBar[] = adjusted ? ctx.adjustedBars(symbol, from, to) : ctx.bars(symbol, from, to);
      for (const bar of bars) {
        const t = ctx.clock.midnightMs(bar.date);
        if (t < startMs || t > endMs) continue;
        if (after !== undefined && symbol === after.symbol && t <= after.t) continue;
        if (sent === limit) {
          more = true;
          break;
        }
        const blank = new Set(ctx.nullsFor(symbol, bar.date) ?? []);
        const value = (field: 'open' | 'high' | 'low' | 'close' | 'volume') => (blank.has(field) ? null : bar[field]);
        (page[symbol] ??= []).push({
          t: rfc3339(t),
          o: value('open'),
          h: value('high'),
          l: value('low'),
          c: value('close'),
          v: value('volume'),
          n: bar.trades,
          vw: bar.vwap,
        });
        sent += 1;
        last = { symbol, t };
      }
    }
    const next =
      more && last !== undefined ? Buffer.from(`${last.symbol}|${rfc3339(last.t)}`).toString('base64') : null;
    return json(200, { bars: page, next_page_token: next });
  },

  rateLimited: (retryAfterS) => json(429, { message: 'too many requests.' }, { 'retry-after': String(retryAfterS) }),
  serverError: (status) => json(status, { message: 'internal server error' }),
};
