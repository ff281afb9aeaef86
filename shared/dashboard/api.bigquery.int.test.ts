/**
 * The same API on the bigquery-emulator, one dataset per run: every endpoint's SQL (window
 * functions, joins, typed @params, CAST AS DATE, LIMIT @limit) must run on BigQuery as well as DuckDB.
 */
import { BigQuery } from '@google-cloud/bigquery';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { createBigQueryWarehouse } from '../warehouse/bigquery/warehouse';
import type { Warehouse } from '../warehouse/types';
import {
  SEED_DEFERRED_SLICES,
  SEED_FAILED_SLICES,
  SEED_PIPELINES,
  XSS_HEADLINE,
  seedDashboard,
  type SeedSummary,
} from './__fixtures__/seed';
import { startDashboardServer, type DashboardServer } from './serve';

const NOW = new Date('2025-06-30T12:00:00.000Z');

describe('dashboard API on the bigquery-emulator', () => {
  const endpoints = testEndpoints();
  const dataset = uniqueName('dashboard');
  let warehouse: Warehouse;
  let server: DashboardServer;
  let seed: SeedSummary;
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    warehouse = await createBigQueryWarehouse({
      projectId: endpoints.projectId,
      dataset,
      location: 'US',
      apiEndpoint: endpoints.bigqueryApiEndpoint,
    });
    seed = await seedDashboard(warehouse, { now: NOW, days: 60 });
    server = await startDashboardServer({ warehouse, port: 0, pipelines: SEED_PIPELINES, now: () => NOW });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    await warehouse?.close();
    await new BigQuery({ projectId: endpoints.projectId, apiEndpoint: endpoints.bigqueryApiEndpoint })
      .dataset(dataset)
      .delete({ force: true })
      .catch(() => undefined);
  });

  it('answers every endpoint with the same shapes as on DuckDB', async () => {
    const pipelines = await get('/api/pipelines');
    expect(pipelines.status).toBe(200);
    expect(pipelines.body.warehouse).toBe('bigquery');
    expect(pipelines.body.pipelines.map((p: any) => [p.name, p.state, p.freshnessMinutes])).toEqual([
      ['prices', 'succeeded', 40],
      ['news', 'failed', 129],
      ['producthunt', 'partial', 296],
      ['crunchbase', 'running', null],
      ['sec-filings', 'never_run', null],
    ]);
    expect(pipelines.body.pipelines[1].lastRun).toMatchObject({
      runId: 'news-2',
      errorClass: 'HttpError',
      errorRetriable: true,
      recordsIn: 0,
    });

    const runs = await get('/api/runs?pipeline=prices&limit=2');
    expect(runs.body.runs.map((r: any) => [r.runId, r.recordsIn, r.finishedAt])).toEqual([
      ['prices-3', 2, new Date(NOW.getTime() - 40 * 60_000).toISOString()],
      ['prices-2', 4, new Date(NOW.getTime() - 1438 * 60_000).toISOString()],
    ]);

    const [partial] = (await get('/api/runs?pipeline=producthunt')).body.runs;
    expect(partial).toMatchObject({
      runId: 'producthunt-1',
      slicesFailed: SEED_FAILED_SLICES.length,
      failedSlices: SEED_FAILED_SLICES,
      slicesDeferred: SEED_DEFERRED_SLICES,
    });
    expect(runs.body.runs[0]).toMatchObject({ slicesFailed: 0, failedSlices: [], slicesDeferred: 0 });

    const tickers = await get('/api/tickers');
    expect(tickers.body.tickers).toEqual([
      { ticker: 'AAPL', bars: 60, firstDate: seed.bars.AAPL!.first, lastDate: seed.bars.AAPL!.last },
      { ticker: 'MSFT', bars: 60, firstDate: seed.bars.MSFT!.first, lastDate: seed.bars.MSFT!.last },
    ]);

    const prices = await get(`/api/prices?ticker=AAPL&from=${seed.bars.AAPL!.first}&limit=50`);
    const bars = prices.body.bars as any[];
    expect(bars).toHaveLength(50);
    expect(bars.at(-1).date).toBe(seed.bars.AAPL!.last);
    expect(bars.at(-1).sma20).toBeCloseTo(bars.slice(-20).reduce((s, b) => s + b.adjClose, 0) / 20, 8);
    expect(bars.at(-1).rsi14).toEqual(expect.any(Number));
    expect(bars.at(-1).sma200).toBeNull();

    const news = await get(
      `/api/news?ticker=AAPL&since=${encodeURIComponent(new Date(NOW.getTime() - 120 * 60_000).toISOString())}`,
    );
    expect(news.body.news.map((n: any) => n.headline)).toEqual([
      XSS_HEADLINE,
      'Apple unveils new silicon for data centers',
    ]);
    expect(news.body.news[0].symbols).toEqual(['AAPL']);

    expect((await get('/api/products?limit=2')).body.products.map((p: any) => p.votesCount)).toEqual([911, 512]);
    const funding = await get('/api/funding?limit=2');
    expect(funding.body.rounds.map((r: any) => [r.organizationName, r.announcedOn, r.leadInvestors])).toEqual([
      ['Anthropic', '2025-06-20', ['Lightspeed']],
      [null, '2025-06-01', []],
    ]);
    expect((await get('/api/prices?ticker=AAPL&to=2020-13-01')).status).toBe(400);
  }, 120_000);
});
