import { startPriceReplayServer, type PriceReplayServer } from './server';
import { expectedPriceBars } from './expected';
import { AlpacaBarsWire, AlpacaErrorWire } from '../../shared/sources/alpaca/wire';
import { normalizeAlpacaBars } from '../../shared/sources/alpaca/normalize';
import type { PriceBarCandidate } from '../../shared/schemas/price-bar';

const today = '2024-06-14';
let server: PriceReplayServer;
beforeAll(async () => {
  server = await startPriceReplayServer({ today });
});
afterAll(() => server.stop());

const auth = () => ({
  'APCA-API-KEY-ID': server.credentials.alpaca.keyId,
  'APCA-API-SECRET-KEY': server.credentials.alpaca.secretKey,
});

/** Follows next_page_token to the end, as the client will; returns every row and the page count. */
async function fetchAll(
  query: string,
  adjustment: 'raw' | 'all',
): Promise<{ rows: PriceBarCandidate[]; pages: number }> {
  const rows: PriceBarCandidate[] = [];
  let token: string | null | undefined;
  let pages = 0;
  do {
    const url = `${server.baseUrl}/v2/stocks/bars?${query}&adjustment=${adjustment}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`;
    const res = await fetch(url, { headers: auth() });
    expect(res.status).toBe(200);
    const wire = AlpacaBarsWire.parse(await res.json());
    rows.push(...normalizeAlpacaBars(wire, { adjustment }).rows);
    token = wire.next_page_token;
    pages += 1;
  } while (token);
  return { rows, pages };
}

describe('replay: Alpaca v2 bars', () => {
  it.each<['raw' | 'all', number]>([
    ['raw', 7],
    ['all', 1000],
  ])('adjustment=%s, limit %i: paging visits every bar of every symbol exactly once', async (adjustment, limit) => {
    const { rows, pages } = await fetchAll(
      `symbols=NVDA,AAPL,MSFT&timeframe=1Day&start=2024-05-01&end=2024-06-30&limit=${limit}&feed=iex`,
      adjustment,
    );
    const expected = ['AAPL', 'MSFT', 'NVDA'].flatMap((ticker) =>
      expectedPriceBars({
        source: 'alpaca',
        ticker,
        from: '2024-05-01',
        to: '2024-06-30',
        today,
        adjusted: adjustment === 'all',
      }),
    );
    expect(rows).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / limit));
  });

  it('daily bars carry t at midnight New York and the documented fields', async () => {
    const res = await fetch(
      `${server.baseUrl}/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-03-08&end=2024-03-11`,
      { headers: auth() },
    );
    const body = (await res.json()) as { bars: Record<string, Record<string, unknown>[]>; next_page_token: unknown };
    expect(body.next_page_token).toBeNull();
    expect(body.bars.AAPL!.map((b) => b.t)).toEqual(['2024-03-08T05:00:00Z', '2024-03-11T04:00:00Z']);
    expect(Object.keys(body.bars.AAPL![0]!).sort()).toEqual(['c', 'h', 'l', 'n', 'o', 't', 'v', 'vw']);
  });

  it('RFC-3339 bounds compare with t; an empty answer is bars {} with a null token', async () => {
    const { rows } = await fetchAll(
      'symbols=AAPL&timeframe=1Day&start=2024-06-10T04:00:01Z&end=2024-06-12T04:00:00Z',
      'raw',
    );
    expect(rows.map((r) => r.date)).toEqual(['2024-06-11', '2024-06-12']);
    const res = await fetch(
      `${server.baseUrl}/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-06-15&end=2024-06-16`,
      { headers: auth() },
    );
    expect(await res.json()).toEqual({ bars: {}, next_page_token: null });
  });

  it.each<[string, Record<string, string>]>([
    ['no key headers', {}],
    ['only the key id', { 'APCA-API-KEY-ID': 'replay-alpaca-key-id' }],
    ['a wrong secret', { 'APCA-API-KEY-ID': 'replay-alpaca-key-id', 'APCA-API-SECRET-KEY': 'wrong' }],
  ])('%s: 403 forbidden', async (_name, headers) => {
    const res = await fetch(`${server.baseUrl}/v2/stocks/bars?symbols=AAPL&timeframe=1Day`, { headers });
    expect(res.status).toBe(403);
    expect(AlpacaErrorWire.parse(await res.json())).toEqual({ message: 'forbidden' });
  });

  it.each<[string, string]>([
    ['missing symbols', 'timeframe=1Day'],
    ['an intraday timeframe', 'symbols=AAPL&timeframe=1Min'],
    ['limit above 10000', 'symbols=AAPL&timeframe=1Day&limit=10001'],
    ['a garbage page token', 'symbols=AAPL&timeframe=1Day&page_token=%25%25'],
  ])('%s: 400 with a message', async (_name, query) => {
    const res = await fetch(`${server.baseUrl}/v2/stocks/bars?${query}`, { headers: auth() });
    expect(res.status).toBe(400);
    expect(AlpacaErrorWire.safeParse(await res.json()).success).toBe(true);
  });
});
