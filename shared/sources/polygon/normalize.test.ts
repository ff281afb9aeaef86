import { PolygonAggsWire, PolygonErrorWire, polygonErrorText } from './wire';
import { normalizePolygonAggs } from './normalize';
import { redactApiKey, withApiKey } from './next-url';

/** A /v2/aggs answer in Polygon's shape. */
const page = {
  ticker: 'NVDA',
  queryCount: 3,
  resultsCount: 3,
  adjusted: true,
  results: [
    { v: 412385800, vw: 48.5232, o: 47.485, c: 47.569, h: 48.184, l: 47.32, t: 1704258000000, n: 457108 },
    { v: 500962230.0, vw: 85.9011, o: 86.475, c: 85.729, h: 87.094, l: 85.226, t: 1710129600000, n: 1089420 },
    { v: 314162700.4, vw: 120.3531, o: 120.37, c: 121.79, h: 123.1, l: 117.01, t: 1717992000000, n: 2235126 },
  ],
  status: 'OK',
  request_id: '6a7e466379af0a71039d60cc78e72282',
  count: 3,
  next_url:
    'https://api.polygon.io/v2/aggs/ticker/NVDA/range/1/day/1704258000000/1718668800000?cursor=bGltaXQ9MyZzb3J0PWFzYw',
};

describe('Polygon aggregates v2: wire + normalize', () => {
  it('maps results to New York dates; adjusted=true gives adj_close = c; volume rounded', () => {
    const out = normalizePolygonAggs(PolygonAggsWire.parse(page));
    expect(out.rows).toEqual([
      {
        ticker: 'NVDA',
        date: '2024-01-03',
        open: 47.485,
        high: 48.184,
        low: 47.32,
        close: 47.569,
        adj_close: 47.569,
        volume: 412385800,
        source: 'polygon',
      },
      {
        ticker: 'NVDA',
        date: '2024-03-11',
        open: 86.475,
        high: 87.094,
        low: 85.226,
        close: 85.729,
        adj_close: 85.729,
        volume: 500962230,
        source: 'polygon',
      },
      {
        ticker: 'NVDA',
        date: '2024-06-10',
        open: 120.37,
        high: 123.1,
        low: 117.01,
        close: 121.79,
        adj_close: 121.79,
        volume: 314162700,
        source: 'polygon',
      },
    ]);
  });

  it.each<[string, boolean | undefined, boolean | undefined, number | null]>([
    ['adjusted=false in the answer', false, true, null],
    ['adjusted missing, option false', undefined, false, null],
    ['adjusted missing, option true', undefined, true, 47.569],
  ])('%s -> adj_close %p', (_name, wireAdjusted, optionAdjusted, expected) => {
    const { adjusted: _drop, ...rest } = page;
    const body = wireAdjusted === undefined ? rest : { ...rest, adjusted: wireAdjusted };
    expect(normalizePolygonAggs(PolygonAggsWire.parse(body), { adjusted: optionAdjusted }).rows[0]!.adj_close).toBe(
      expected,
    );
  });

  it('an empty range (resultsCount 0, no results) yields no rows', () => {
    const body = { ticker: 'NVDA', queryCount: 0, resultsCount: 0, adjusted: true, status: 'OK', request_id: 'x' };
    expect(normalizePolygonAggs(PolygonAggsWire.parse(body)).rows).toEqual([]);
  });

  it('DELAYED carries data; nulls pass through for validation', () => {
    const body = { ...page, status: 'DELAYED', results: [{ ...page.results[0]!, l: null }] };
    expect(normalizePolygonAggs(PolygonAggsWire.parse(body)).rows).toEqual([expect.objectContaining({ low: null })]);
  });

  it.each<[string, unknown, string | null]>([
    ['OK', { status: 'OK' }, null],
    ['DELAYED', { status: 'DELAYED' }, null],
    ['401 bad key', { status: 'ERROR', request_id: 'a', error: 'Unknown API Key' }, 'Unknown API Key'],
    [
      '403 plan',
      {
        status: 'NOT_AUTHORIZED',
        request_id: 'b',
        message: 'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing',
      },
      'You are not entitled to this data. Please upgrade your plan at https://polygon.io/pricing',
    ],
  ])('error text of %s', (_name, body, expected) => {
    expect(polygonErrorText(PolygonErrorWire.parse(body))).toBe(expected);
  });

  it('the wire rejects an error body as a page (no ticker)', () => {
    expect(PolygonAggsWire.safeParse({ status: 'ERROR', request_id: 'a', error: 'Unknown API Key' }).success).toBe(
      false,
    );
  });

  it('next_url gets the apiKey re-appended, and redaction removes it', () => {
    const next = withApiKey(page.next_url, 'k3y');
    expect(new URL(next).searchParams.get('apiKey')).toBe('k3y');
    expect(new URL(next).searchParams.get('cursor')).toBe('bGltaXQ9MyZzb3J0PWFzYw');
    expect(withApiKey(`${page.next_url}&apiKey=old`, 'new').match(/apiKey=/g)).toHaveLength(1);
    expect(redactApiKey(next)).toBe(page.next_url);
    expect(() => withApiKey('/v2/aggs/x', 'k')).toThrow('Invalid URL');
  });
});
