import { FundingParams, NewsParams, PricesParams, RunsParams, parseParams } from './params';

const q = (query: string) => new URLSearchParams(query);

describe('dashboard query parameters', () => {
  it.each([
    ['runs defaults', RunsParams, '', { limit: 50 }],
    ['runs with pipeline', RunsParams, 'pipeline=prices&limit=5', { pipeline: 'prices', limit: 5 }],
    ['prices upper-cases the ticker', PricesParams, 'ticker=brk.b', { ticker: 'BRK.B', limit: 1000 }],
    [
      'prices range',
      PricesParams,
      'ticker=AAPL&from=2024-01-01&to=2024-12-31&limit=10',
      { ticker: 'AAPL', from: '2024-01-01', to: '2024-12-31', limit: 10 },
    ],
    [
      'news since becomes a Date',
      NewsParams,
      'since=2025-06-30T11:00:00.000Z',
      { limit: 30, since: new Date('2025-06-30T11:00:00.000Z') },
    ],
    ['funding limit', FundingParams, 'limit=100', { limit: 100 }],
  ] as const)('%s', (_name, schema, query, expected) => {
    expect(parseParams(schema as never, q(query))).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['limit below 1', RunsParams, 'limit=0', ['limit']],
    ['limit not a number', RunsParams, 'limit=ten', ['limit']],
    ['limit fractional', RunsParams, 'limit=1.5', ['limit']],
    ['repeated parameter', RunsParams, 'limit=1&limit=2', ['limit']],
    ['unknown parameters, each named', RunsParams, 'x=1&y=2', ['x', 'y']],
    ['quote in pipeline', RunsParams, "pipeline=a'b", ['pipeline']],
    ['missing ticker', PricesParams, '', ['ticker']],
    ['SQL in ticker', PricesParams, 'ticker=AAPL%27%20OR%201%3D1', ['ticker']],
    ['impossible date', PricesParams, 'ticker=AAPL&from=2025-02-30', ['from']],
    ['from after to', PricesParams, 'ticker=AAPL&from=2025-02-02&to=2025-02-01', ['from']],
    ['since not a timestamp', NewsParams, 'since=1719745200', ['since']],
    ['every problem at once', PricesParams, 'limit=0&z=1', ['z', 'ticker', 'limit']],
  ] as const)('%s -> names %j', (_name, schema, query, params) => {
    const parsed = parseParams(schema as never, q(query));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems.map((p) => p.param).sort()).toEqual([...params].sort());
  });
});
