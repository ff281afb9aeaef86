import { YahooChartWire, isYahooRateLimitText } from './wire';
import { normalizeYahooChart } from './normalize';

/** A chart v8 answer in Yahoo's shape (fields trimmed to a plausible subset of meta). */
function chart(
  overrides: {
    timestamp?: number[] | undefined;
    quote?: Record<string, (number | null)[]>;
    adjclose?: (number | null)[] | null;
    events?: unknown;
    meta?: Record<string, unknown>;
  } = {},
) {
  const result: Record<string, unknown> = {
    meta: {
      currency: 'USD',
      symbol: 'NVDA',
      exchangeName: 'NMS',
      fullExchangeName: 'NasdaqGS',
      instrumentType: 'EQUITY',
      firstTradeDate: 917015400,
      regularMarketTime: 1718222401,
      hasPrePostMarketData: true,
      gmtoffset: -14400,
      timezone: 'EDT',
      exchangeTimezoneName: 'America/New_York',
      regularMarketPrice: 125.2,
      chartPreviousClose: 1208.88,
      priceHint: 2,
      dataGranularity: '1d',
      range: '',
      validRanges: ['1d', '5d', '1mo', 'max'],
      ...overrides.meta,
    },
    indicators: {
      quote: [
        overrides.quote ?? {
          open: [1197.7, 120.37, 121.77],
          high: [1216.92, 123.1, 122.87],
          low: [1180.22, 117.01, 118.74],
          close: [1208.88, 121.79, 120.91],
          volume: [41238600, 314162700, 222551200],
        },
      ],
      ...(overrides.adjclose === null
        ? {}
        : { adjclose: [{ adjclose: overrides.adjclose ?? [120.87, 121.77, 120.89] }] }),
    },
  };
  if (!('timestamp' in overrides) || overrides.timestamp !== undefined)
    result.timestamp = overrides.timestamp ?? [1717767000, 1718026200, 1718112600];
  if (overrides.events !== undefined) result.events = overrides.events;
  return { chart: { result: [result], error: null } };
}

const parse = (body: unknown) => YahooChartWire.parse(body);

describe('Yahoo chart v8: wire + normalize', () => {
  it('maps each bar to its New York trading date with adjclose, and exposes the split', () => {
    const body = chart({
      events: {
        splits: { '1718026200': { date: 1718026200, numerator: 10, denominator: 1, splitRatio: '10:1' } },
        dividends: { '1717767000': { amount: 0.04, date: 1717767000 } },
      },
    });
    const out = normalizeYahooChart(parse(body));
    expect(out.rows).toEqual([
      {
        ticker: 'NVDA',
        date: '2024-06-07',
        open: 1197.7,
        high: 1216.92,
        low: 1180.22,
        close: 1208.88,
        adj_close: 120.87,
        volume: 41238600,
        source: 'yahoo',
      },
      {
        ticker: 'NVDA',
        date: '2024-06-10',
        open: 120.37,
        high: 123.1,
        low: 117.01,
        close: 121.79,
        adj_close: 121.77,
        volume: 314162700,
        source: 'yahoo',
      },
      {
        ticker: 'NVDA',
        date: '2024-06-11',
        open: 121.77,
        high: 122.87,
        low: 118.74,
        close: 120.91,
        adj_close: 120.89,
        volume: 222551200,
        source: 'yahoo',
      },
    ]);
    expect(out.splits).toEqual([{ ticker: 'NVDA', date: '2024-06-10', numerator: 10, denominator: 1, ratio: 10 }]);
    expect(out.dividends).toEqual([{ ticker: 'NVDA', date: '2024-06-07', amount: 0.04 }]);
    expect(out.skipped).toEqual({ no_trade: 0 });
    expect(out.problems).toEqual([]);
    expect(out.error).toBeNull();
  });

  it('derives dates across the DST change (EST 14:30Z and EDT 13:30Z opens), not from meta.gmtoffset', () => {
    const out = normalizeYahooChart(
      parse(chart({ timestamp: [1709908200, 1710163800, 1710250200], meta: { gmtoffset: -14400 } })),
    );
    expect(out.rows.map((r) => r.date)).toEqual(['2024-03-08', '2024-03-11', '2024-03-12']);
  });

  it('skips all-null slots as no trade (counted) and keeps partially null ones for quarantine', () => {
    const out = normalizeYahooChart(
      parse(
        chart({
          quote: {
            open: [null, 120.37, 121.77],
            high: [null, null, 122.87],
            low: [null, 117.01, 118.74],
            close: [null, 121.79, 120.91],
            volume: [null, 314162700, null],
          },
          adjclose: [null, 121.77, null],
        }),
      ),
    );
    expect(out.skipped).toEqual({ no_trade: 1 });
    expect(out.rows).toHaveLength(2);
    expect(out.rows[0]).toMatchObject({ date: '2024-06-10', high: null, adj_close: 121.77 });
    expect(out.rows[1]).toMatchObject({ date: '2024-06-11', volume: null, adj_close: undefined });
    expect(out.rows.length + out.problems.length + out.skipped.no_trade!).toBe(3);
  });

  it('an empty range (no timestamp, quote [{}]) yields no rows', () => {
    const out = normalizeYahooChart(parse(chart({ timestamp: undefined, quote: {}, adjclose: null })));
    expect(out.rows).toEqual([]);
    expect(out.error).toBeNull();
  });

  it('without includeAdjustedClose, adj_close is null (unadjusted contract value), not missing', () => {
    const out = normalizeYahooChart(parse(chart({ adjclose: null })));
    expect(out.rows.map((r) => r.adj_close)).toEqual([null, null, null]);
  });

  it('the ticker option overrides meta.symbol (BRK-B -> BRK.B)', () => {
    const out = normalizeYahooChart(parse(chart({ meta: { symbol: 'BRK-B' } })), { ticker: 'BRK.B' });
    expect(new Set(out.rows.map((r) => r.ticker))).toEqual(new Set(['BRK.B']));
  });

  it('chart.error parses and normalizes to an error with no rows', () => {
    const body = {
      chart: { result: null, error: { code: 'Not Found', description: 'No data found, symbol may be delisted' } },
    };
    const out = normalizeYahooChart(parse(body));
    expect(out.error).toEqual({ code: 'Not Found', description: 'No data found, symbol may be delisted' });
    expect(out.rows).toEqual([]);
  });

  it.each<[string, unknown]>([
    ['a string price', JSON.parse(JSON.stringify(chart()).replace('"close":[1208.88', '"close":["1208.88"'))],
    ['no meta.exchangeTimezoneName', chart({ meta: { exchangeTimezoneName: undefined } })],
    ['no chart envelope', { result: [] }],
  ])('the wire schema rejects %s', (_name, body) => {
    expect(YahooChartWire.safeParse(body).success).toBe(false);
  });

  it('recognises the plain-text 429 answer', () => {
    expect(isYahooRateLimitText('Too Many Requests\n')).toBe(true);
    expect(isYahooRateLimitText('{"chart":{}}')).toBe(false);
  });
});
