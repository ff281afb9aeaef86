import { startPriceReplayServer, type PriceReplayServer } from './server';

const today = '2024-06-14';

describe('replay server', () => {
  let a: PriceReplayServer;
  let b: PriceReplayServer;
  beforeAll(async () => {
    [a, b] = await Promise.all([
      startPriceReplayServer({ today, seed: 7 }),
      startPriceReplayServer({ today, seed: 7 }),
    ]);
  });
  afterAll(() => Promise.all([a.stop(), b.stop()]));

  it('binds 127.0.0.1 on a free port', () => {
    expect(a.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(a.baseUrl).not.toBe(b.baseUrl);
  });

  it.each<[string, (s: PriceReplayServer) => [string, RequestInit?]]>([
    [
      'yahoo',
      (s) => [
        `${s.baseUrl}/v8/finance/chart/NVDA?period1=1704067200&period2=1718409600&interval=1d&events=div%7Csplit`,
      ],
    ],
    [
      'alpaca',
      (s) => [
        `${s.baseUrl}/v2/stocks/bars?symbols=NVDA,TSLA&timeframe=1Day&start=2024-01-01&end=2024-06-14&limit=50`,
        {
          headers: {
            'APCA-API-KEY-ID': s.credentials.alpaca.keyId,
            'APCA-API-SECRET-KEY': s.credentials.alpaca.secretKey,
          },
        },
      ],
    ],
    [
      'polygon',
      (s) => [
        `${s.baseUrl}/v2/aggs/ticker/NVDA/range/1/day/2024-01-01/2024-06-14?limit=50&apiKey=${s.credentials.polygon.apiKey}`,
      ],
    ],
  ])('%s: two servers with one seed give byte-identical answers (next_url aside)', async (_name, request) => {
    const [bodyA, bodyB] = await Promise.all(
      [a, b].map(async (s) => {
        const [url, init] = request(s);
        const res = await fetch(url, init);
        expect(res.status).toBe(200);
        return (await res.text()).split(s.baseUrl).join('<base>');
      }),
    );
    expect(bodyA).toBe(bodyB);
    expect(bodyA!.length).toBeGreaterThan(1000);
  });

  it('a different seed gives different prices', async () => {
    const other = await startPriceReplayServer({ today, seed: 8 });
    try {
      const url = (s: PriceReplayServer) =>
        `${s.baseUrl}/v2/aggs/ticker/NVDA/range/1/day/2024-06-03/2024-06-07?apiKey=${s.credentials.polygon.apiKey}`;
      const [x, y] = await Promise.all(
        [a, other].map(async (s) => ((await (await fetch(url(s))).json()) as { results: unknown[] }).results),
      );
      expect(x).not.toEqual(y);
    } finally {
      await other.stop();
    }
  });

  it('counts requests per path, so a test can assert which window was fetched', async () => {
    a.requests.clear();
    await fetch(
      `${a.baseUrl}/v2/aggs/ticker/AAPL/range/1/day/2024-06-10/2024-06-14?apiKey=${a.credentials.polygon.apiKey}`,
    );
    await fetch(
      `${a.baseUrl}/v2/aggs/ticker/MSFT/range/1/day/2024-06-10/2024-06-14?apiKey=${a.credentials.polygon.apiKey}`,
    );
    await fetch(`${a.baseUrl}/nowhere`);
    expect(a.requests.count()).toBe(3);
    expect(a.requests.count('/v2/aggs/ticker/AAPL/')).toBe(1);
    expect(a.requests.count(/\/range\/1\/day\/2024-06-10\/2024-06-14/)).toBe(2);
    expect(a.requests.all().map((r) => [r.provider, r.status])).toEqual([
      ['polygon', 200],
      ['polygon', 200],
      ['unknown', 404],
    ]);
    expect(JSON.stringify(a.requests.all())).not.toContain(a.credentials.polygon.apiKey);
  });

  it('rejects other methods with 405 and stop() is idempotent', async () => {
    const res = await fetch(`${b.baseUrl}/v2/stocks/bars`, { method: 'POST' });
    expect(res.status).toBe(405);
    const extra = await startPriceReplayServer({ today });
    await extra.stop();
    await extra.stop();
    await expect(fetch(`${extra.baseUrl}/v8/finance/chart/A`)).rejects.toThrow();
  });
});
