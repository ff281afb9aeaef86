import { startPriceReplayServer, type PriceReplayServer } from './server';
import { YahooChartWire, isYahooRateLimitText } from '../../shared/sources/yahoo/wire';
import { normalizeYahooChart } from '../../shared/sources/yahoo/normalize';
import { AlpacaBarsWire } from '../../shared/sources/alpaca/wire';
import { normalizeAlpacaBars } from '../../shared/sources/alpaca/normalize';
import { PolygonAggsWire, PolygonErrorWire } from '../../shared/sources/polygon/wire';
import { normalizePolygonAggs } from '../../shared/sources/polygon/normalize';
import { checkPriceBatch } from '../../shared/schemas/price-bar';

const today = '2024-06-14';
let server: PriceReplayServer;
beforeAll(async () => {
  server = await startPriceReplayServer({ today });
});
afterEach(() => {
  server.faults.clear();
  server.requests.clear();
});
afterAll(() => server.stop());

const yahoo = (symbol: string) =>
  `${server.baseUrl}/v8/finance/chart/${symbol}?period1=1717200000&period2=1718323200&interval=1d`;
const polygon = (ticker: string) =>
  `${server.baseUrl}/v2/aggs/ticker/${ticker}/range/1/day/2024-06-03/2024-06-13?apiKey=${server.credentials.polygon.apiKey}`;
const alpaca = (symbols: string) =>
  fetch(`${server.baseUrl}/v2/stocks/bars?symbols=${symbols}&timeframe=1Day&start=2024-06-03&end=2024-06-13`, {
    headers: {
      'APCA-API-KEY-ID': server.credentials.alpaca.keyId,
      'APCA-API-SECRET-KEY': server.credentials.alpaca.secretKey,
    },
  });

describe('replay: fault injection', () => {
  it('429 N times with Retry-After; Yahoo answers it in plain text, then recovers', async () => {
    server.faults.rateLimit('/v8/finance/chart/AAPL', { times: 2, retryAfterS: 3 });
    for (let i = 0; i < 2; i++) {
      const res = await fetch(yahoo('AAPL'));
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(isYahooRateLimitText(await res.text())).toBe(true);
    }
    expect((await fetch(yahoo('MSFT'))).status).toBe(200); // other paths are not affected
    expect((await fetch(yahoo('AAPL'))).status).toBe(200);
    expect(server.faults.pending()).toBe(0);
    expect(server.requests.all().map((r) => r.fault ?? r.status)).toEqual(['rate_limit', 'rate_limit', 200, 200]);
  });

  it('429 from Polygon and Alpaca carry their JSON error bodies', async () => {
    server.faults.rateLimit(/^\/v2\//, { times: 2, retryAfterS: 1 });
    const p = await fetch(polygon('AAPL'));
    expect(p.status).toBe(429);
    expect(PolygonErrorWire.parse(await p.json()).status).toBe('ERROR');
    const a = await alpaca('AAPL');
    expect(a.status).toBe(429);
    expect(await a.json()).toEqual({ message: 'too many requests.' });
    expect(server.requests.count('/v2/aggs/ticker/AAPL')).toBe(1);
  });

  it('500 N times, then the real answer', async () => {
    server.faults.serverError('/v2/aggs/', { times: 1, status: 503 });
    const first = await fetch(polygon('AAPL'));
    expect(first.status).toBe(503);
    expect(PolygonErrorWire.parse(await first.json()).error).toBe('Internal server error');
    expect((await fetch(polygon('AAPL'))).status).toBe(200);
  });

  it('malformed JSON: 200 with a body JSON.parse rejects', async () => {
    server.faults.malformedJson('/v8/finance/chart/');
    const res = await fetch(yahoo('AAPL'));
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"chart":')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('a slow answer arrives after the delay, and an aborting client gives up first', async () => {
    server.faults.slow('/v8/finance/chart/SLOW', { delayMs: 300, times: 2 });
    const started = Date.now();
    expect((await fetch(yahoo('SLOW'))).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    await expect(fetch(yahoo('SLOW'), { signal: AbortSignal.timeout(50) })).rejects.toThrow();
  });

  it('nulls in one ticker+date reach every provider and end in quarantine (or no-trade for all-null Yahoo slots)', async () => {
    server.faults.injectNulls({ ticker: 'AAPL', date: '2024-06-05', fields: ['high'] });
    server.faults.injectNulls({ ticker: 'AAPL', date: '2024-06-06' });

    const y = normalizeYahooChart(YahooChartWire.parse(await (await fetch(yahoo('AAPL'))).json()));
    expect(y.skipped.no_trade).toBe(1);
    const yv = checkPriceBatch(y.rows, { today });
    expect(yv.rejected.map((r) => [(r.record as { date: string }).date, r.issues.map((i) => i.path)])).toEqual([
      ['2024-06-05', ['high']],
    ]);

    const p = normalizePolygonAggs(PolygonAggsWire.parse(await (await fetch(polygon('AAPL'))).json()));
    const pv = checkPriceBatch(p.rows, { today });
    expect(pv.rejected.map((r) => (r.record as { date: string }).date)).toEqual(['2024-06-05', '2024-06-06']);

    const a = normalizeAlpacaBars(AlpacaBarsWire.parse(await (await alpaca('AAPL,MSFT')).json()), {
      adjustment: 'raw',
    });
    const av = checkPriceBatch(a.rows, { today });
    expect(av.rejected.map((r) => (r.record as { ticker: string }).ticker)).toEqual(['AAPL', 'AAPL']);
    expect(av.valid.length + av.rejected.length).toBe(a.rows.length);
  });

  it('rules apply in order and one request uses at most one; times must be positive', async () => {
    server.faults.serverError('/v8/finance/chart/', { times: 1 });
    server.faults.rateLimit('/v8/finance/chart/', { times: 1 });
    expect((await fetch(yahoo('AAPL'))).status).toBe(500);
    expect((await fetch(yahoo('AAPL'))).status).toBe(429);
    expect((await fetch(yahoo('AAPL'))).status).toBe(200);
    expect(() => server.faults.rateLimit('/', { times: 0 })).toThrow(RangeError);
  });
});
