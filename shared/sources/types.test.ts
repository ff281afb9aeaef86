/**
 * The Source contract's HTTP surface is structural; this pins that the real `shared/http` client
 * satisfies it (a type error here fails `tsc`) and that it works against the replay server.
 */
import { createHttpClient } from '../http';
import { startPriceReplayServer, type PriceReplayServer } from '../../dev/replay/server';
import type { SourceHttp } from './types';
import { YahooChartWire } from './yahoo/wire';

let server: PriceReplayServer;
beforeAll(async () => {
  server = await startPriceReplayServer({ today: '2024-06-14' });
});
afterAll(() => server.stop());

describe('SourceHttp', () => {
  it('is satisfied by createHttpClient, and a page fetched through it parses', async () => {
    const http: SourceHttp = createHttpClient({ baseUrl: server.baseUrl, timeoutMs: 5_000, maxRetries: 0 });
    const body = await http.getJson('/v8/finance/chart/AAPL', {
      period1: 1717977600,
      period2: 1718323200,
      interval: '1d',
    });
    expect(YahooChartWire.parse(body).chart.result?.[0]?.timestamp).toHaveLength(4);
    const response = await http.request({
      path: '/v8/finance/chart/AAPL',
      query: { period1: 1717977600, period2: 1718064000 },
    });
    expect(response.status).toBe(200);
    expect(YahooChartWire.safeParse(response.json()).success).toBe(true);
  });
});
