import { startPriceReplayServer, type PriceReplayServer } from './server';
import { expectedPriceBars } from './expected';
import { YahooChartWire } from '../../shared/sources/yahoo/wire';
import { normalizeYahooChart } from '../../shared/sources/yahoo/normalize';

const today = '2024-06-14';
let server: PriceReplayServer;
beforeAll(async () => {
  server = await startPriceReplayServer({ today });
});
afterAll(() => server.stop());

/** period1/period2 as a client would set them for an inclusive date range. */
function chartUrl(
  symbol: string,
  from: string,
  to: string,
  extra = '&events=div%7Csplit&includeAdjustedClose=true',
): string {
  const period1 = Date.parse(`${from}T00:00:00Z`) / 1000;
  const period2 = Date.parse(`${to}T00:00:00Z`) / 1000 + 86_400;
  return `${server.baseUrl}/v8/finance/chart/${symbol}?period1=${period1}&period2=${period2}&interval=1d${extra}`;
}

/** The loosely typed view of a chart body these tests poke into. */
type ChartBody = {
  chart: { result: { timestamp?: number[]; events?: unknown; indicators: { adjclose?: unknown } }[] };
};

describe('replay: Yahoo chart v8', () => {
  it('answers in the documented shape; normalized rows equal the expected series exactly', async () => {
    const res = await fetch(chartUrl('NVDA', '2024-01-01', '2024-06-30'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    const wire = YahooChartWire.parse(await res.json());
    const out = normalizeYahooChart(wire);
    expect(out.rows).toEqual(
      expectedPriceBars({ source: 'yahoo', ticker: 'NVDA', from: '2024-01-01', to: '2024-06-30', today }),
    );
    expect(out.rows.at(-1)!.date).toBe(today);
    expect(out.splits).toEqual([{ ticker: 'NVDA', date: '2024-06-10', numerator: 10, denominator: 1, ratio: 10 }]);
    expect(wire.chart.result![0]!.meta).toMatchObject({
      symbol: 'NVDA',
      exchangeTimezoneName: 'America/New_York',
      gmtoffset: -14400,
      currency: 'USD',
    });
  });

  it('stamps each bar with the market open in UTC: 14:30Z in EST, 13:30Z in EDT', async () => {
    const wire = YahooChartWire.parse(await (await fetch(chartUrl('AAPL', '2024-03-07', '2024-03-12'))).json());
    const stamps = wire.chart.result![0]!.timestamp!.map((s) => new Date(s * 1000).toISOString());
    expect(stamps).toEqual([
      '2024-03-07T14:30:00.000Z',
      '2024-03-08T14:30:00.000Z',
      '2024-03-11T13:30:00.000Z',
      '2024-03-12T13:30:00.000Z',
    ]);
  });

  it('an empty range (a weekend) has no timestamp and quote [{}]', async () => {
    const body = (await (await fetch(chartUrl('AAPL', '2024-03-09', '2024-03-10'))).json()) as ChartBody;
    expect(body.chart.result[0]!.timestamp).toBeUndefined();
    expect(body.chart.result[0]!.indicators).toEqual({ quote: [{}], adjclose: [{}] });
    expect(normalizeYahooChart(YahooChartWire.parse(body)).rows).toEqual([]);
  });

  it('omits events unless asked, and adjclose when includeAdjustedClose=false', async () => {
    const body = (await (
      await fetch(chartUrl('NVDA', '2024-06-03', '2024-06-14', '&includeAdjustedClose=false'))
    ).json()) as ChartBody;
    expect(body.chart.result[0]!.events).toBeUndefined();
    expect(body.chart.result[0]!.indicators.adjclose).toBeUndefined();
  });

  it('before the split date, earlier prices are not adjusted (a server whose today precedes it)', async () => {
    const early = await startPriceReplayServer({ today: '2024-06-07' });
    try {
      const period1 = Date.parse('2024-06-03T00:00:00Z') / 1000;
      const body = await (
        await fetch(
          `${early.baseUrl}/v8/finance/chart/NVDA?period1=${period1}&period2=${period1 + 10 * 86_400}&interval=1d&events=split`,
        )
      ).json();
      const out = normalizeYahooChart(YahooChartWire.parse(body));
      expect(out.splits).toEqual([]);
      expect(out.rows).toEqual(
        expectedPriceBars({
          source: 'yahoo',
          ticker: 'NVDA',
          from: '2024-06-03',
          to: '2024-06-13',
          today: '2024-06-07',
        }),
      );
      expect(out.rows[0]!.close).toBeGreaterThan(1000);
    } finally {
      await early.stop();
    }
  });

  it.each<[string, string, number, string]>([
    ['an unknown symbol', '/v8/finance/chart/NOPE?period1=0&period2=86400&interval=1d', 404, 'Not Found'],
    ['an unsupported interval', '/v8/finance/chart/AAPL?period1=0&period2=86400&interval=1wk', 400, 'Bad Request'],
    ['missing periods', '/v8/finance/chart/AAPL?interval=1d', 400, 'Bad Request'],
  ])('%s gets chart.error', async (_name, path, status, code) => {
    const withUnknown = await startPriceReplayServer({ today, unknownTickers: ['NOPE'] });
    try {
      const res = await fetch(`${withUnknown.baseUrl}${path}`);
      expect(res.status).toBe(status);
      const wire = YahooChartWire.parse(await res.json());
      expect(wire.chart.error?.code).toBe(code);
      expect(normalizeYahooChart(wire).error?.code).toBe(code);
    } finally {
      await withUnknown.stop();
    }
  });
});
