import { startPriceReplayServer, type PriceReplayServer } from './server';
import { expectedPriceBars } from './expected';
import { PolygonAggsWire, PolygonErrorWire, polygonErrorText } from '../../shared/sources/polygon/wire';
import { normalizePolygonAggs } from '../../shared/sources/polygon/normalize';
import { withApiKey } from '../../shared/sources/polygon/next-url';
import type { PriceBarCandidate } from '../../shared/schemas/price-bar';

const today = '2024-06-14';
let server: PriceReplayServer;
beforeAll(async () => {
  server = await startPriceReplayServer({ today, polygonHistoryStart: '2015-01-01' });
});
afterAll(() => server.stop());

async function fetchAll(firstUrl: string): Promise<{ rows: PriceBarCandidate[]; pages: number; nextUrls: string[] }> {
  const rows: PriceBarCandidate[] = [];
  const nextUrls: string[] = [];
  let url: string | undefined = withApiKey(firstUrl, server.credentials.polygon.apiKey);
  let pages = 0;
  while (url !== undefined) {
    const res = await fetch(url);
    expect(res.status).toBe(200);
    const wire = PolygonAggsWire.parse(await res.json());
    expect(wire.status).toBe('OK');
    rows.push(...normalizePolygonAggs(wire).rows);
    pages += 1;
    if (wire.next_url !== undefined) nextUrls.push(wire.next_url);
    url = wire.next_url === undefined ? undefined : withApiKey(wire.next_url, server.credentials.polygon.apiKey);
  }
  return { rows, pages, nextUrls };
}

describe('replay: Polygon aggregates v2', () => {
  it.each<[boolean, number]>([
    [true, 50_000],
    [true, 40],
    [false, 100],
  ])('adjusted=%p limit %i: next_url paging visits every bar exactly once', async (adjusted, limit) => {
    const { rows, pages, nextUrls } = await fetchAll(
      `${server.baseUrl}/v2/aggs/ticker/NVDA/range/1/day/2024-01-01/2024-12-31?adjusted=${adjusted}&sort=asc&limit=${limit}`,
    );
    const expected = expectedPriceBars({
      source: 'polygon',
      ticker: 'NVDA',
      from: '2024-01-01',
      to: '2024-12-31',
      today,
      adjusted,
    });
    expect(rows).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / limit));
    expect(nextUrls.every((u) => u.startsWith(server.baseUrl) && !u.includes('apiKey'))).toBe(true);
  });

  it('t is midnight New York in ms; an empty range has no results', async () => {
    const key = server.credentials.polygon.apiKey;
    const body = (await (
      await fetch(`${server.baseUrl}/v2/aggs/ticker/AAPL/range/1/day/2024-03-08/2024-03-11?apiKey=${key}`)
    ).json()) as { results: { t: number }[] };
    expect(body.results.map((r) => new Date(r.t).toISOString())).toEqual([
      '2024-03-08T05:00:00.000Z',
      '2024-03-11T04:00:00.000Z',
    ]);
    const empty = await (
      await fetch(`${server.baseUrl}/v2/aggs/ticker/AAPL/range/1/day/2024-03-09/2024-03-10?apiKey=${key}`)
    ).json();
    expect(empty).toMatchObject({ ticker: 'AAPL', queryCount: 0, resultsCount: 0, status: 'OK' });
    expect(PolygonAggsWire.parse(empty).results).toBeUndefined();
  });

  it('sort=desc pages backwards over the same bars', async () => {
    const { rows } = await fetchAll(
      `${server.baseUrl}/v2/aggs/ticker/MSFT/range/1/day/2024-04-01/2024-05-31?sort=desc&limit=9`,
    );
    expect(rows).toEqual(
      expectedPriceBars({ source: 'polygon', ticker: 'MSFT', from: '2024-04-01', to: '2024-05-31', today }).reverse(),
    );
  });

  it.each<[string, string, number, string, string]>([
    ['no apiKey', '', 401, 'ERROR', 'API Key was not provided'],
    ['a wrong apiKey', '?apiKey=nope', 401, 'ERROR', 'Unknown API Key'],
  ])('%s: %i with the documented body', async (_name, query, status, errorStatus, text) => {
    const res = await fetch(`${server.baseUrl}/v2/aggs/ticker/AAPL/range/1/day/2024-01-02/2024-01-05${query}`);
    expect(res.status).toBe(status);
    const body = PolygonErrorWire.parse(await res.json());
    expect(body.status).toBe(errorStatus);
    expect(polygonErrorText(body)).toBe(text);
    expect(body.request_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('a range before the plan limit: 403 NOT_AUTHORIZED; a Bearer header also authenticates', async () => {
    const res = await fetch(`${server.baseUrl}/v2/aggs/ticker/AAPL/range/1/day/2010-01-04/2010-01-08`, {
      headers: { Authorization: `Bearer ${server.credentials.polygon.apiKey}` },
    });
    expect(res.status).toBe(403);
    const body = PolygonErrorWire.parse(await res.json());
    expect(body.status).toBe('NOT_AUTHORIZED');
    expect(polygonErrorText(body)).toMatch(/upgrade your plan/);
  });
});
