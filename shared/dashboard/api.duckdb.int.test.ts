/**
 * The dashboard API over a real DuckDB file seeded through the Warehouse interface, served by the
 * local node:http server exactly as `make demo` serves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { createDuckDbWarehouse } from '../warehouse/duckdb/warehouse';
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

describe('dashboard API on DuckDB', () => {
  let dir: string;
  let warehouse: Warehouse;
  let server: DashboardServer;
  let seed: SeedSummary;
  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(`${server.url}${path}`, init);
    const text = await res.text();
    return { res, text, json: () => JSON.parse(text) as Record<string, any> };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
    warehouse = await createDuckDbWarehouse({ path: join(dir, 'warehouse.duckdb') });
    seed = await seedDashboard(warehouse, { now: NOW });
    server = await startDashboardServer({ warehouse, port: 0, pipelines: SEED_PIPELINES, now: () => NOW });
  });
  afterAll(async () => {
    await server?.close();
    await warehouse?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('binds 127.0.0.1', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('/api/pipelines: every registry pipeline with its last run, freshness and counts; never-run ones as such', async () => {
    const { res, json } = await get('/api/pipelines');
    expect(res.status).toBe(200);
    const body = json();
    expect(body.warehouse).toBe('duckdb');
    expect(body.generatedAt).toBe(NOW.toISOString());
    const byName = Object.fromEntries(body.pipelines.map((p: any) => [p.name, p]));
    expect(body.pipelines.map((p: any) => p.name)).toEqual([
      'prices',
      'news',
      'producthunt',
      'crunchbase',
      'sec-filings',
    ]);
    expect(byName.prices).toMatchObject({
      state: 'succeeded',
      freshnessMinutes: 40,
      registered: true,
      lastRun: { runId: 'prices-3', recordsIn: 2, recordsValid: 2, recordsQuarantined: 0 },
    });
    expect(byName.prices.schedule).toEqual({ cron: '30 22 * * 1-5', timeZone: 'America/New_York' });
    // The failed run is the last status; freshness still counts from the last success (news-1).
    expect(byName.news).toMatchObject({
      state: 'failed',
      freshnessMinutes: 129,
      lastRun: { runId: 'news-2', errorClass: 'HttpError', errorRetriable: true },
    });
    expect(byName.producthunt).toMatchObject({
      state: 'partial',
      freshnessMinutes: 296,
      lastRun: { recordsIn: 40, recordsValid: 37, recordsQuarantined: 3 },
    });
    expect(byName.crunchbase).toMatchObject({
      state: 'running',
      freshnessMinutes: null,
      lastSuccessAt: null,
      schedule: null,
      lastRun: { finishedAt: null },
    });
    expect(byName['sec-filings']).toMatchObject({ state: 'never_run', lastRun: null, freshnessMinutes: null });
  });

  it('/api/runs: newest first, limited, filterable by pipeline', async () => {
    const all = (await get('/api/runs?limit=3')).json();
    expect(all.runs.map((r: any) => r.runId)).toEqual(['crunchbase-1', 'prices-3', 'news-2']);
    const prices = (await get('/api/runs?pipeline=prices')).json();
    expect(prices.runs.map((r: any) => r.runId)).toEqual(['prices-3', 'prices-2', 'prices-1']);
    expect(prices.runs[2]).toMatchObject({
      pipeline: 'prices',
      status: 'succeeded',
      trigger: 'schedule',
      recordsIn: 600,
      recordsValid: 600,
      recordsQuarantined: 0,
    });
    expect((await get('/api/runs')).json().runs).toHaveLength(seed.runs);
    expect(prices.runs[0]).toMatchObject({ slicesFailed: 0, failedSlices: [], slicesDeferred: 0 });
  });

  it('/api/runs: a partial run lists its failed slices, each with its own error', async () => {
    const [partial] = (await get('/api/runs?pipeline=producthunt')).json().runs;
    expect(partial).toMatchObject({
      runId: 'producthunt-1',
      status: 'partial',
      slicesFailed: SEED_FAILED_SLICES.length,
      failedSlices: SEED_FAILED_SLICES,
      slicesDeferred: SEED_DEFERRED_SLICES,
    });
  });

  it('/api/tickers and /api/prices: bars joined with indicators, oldest first', async () => {
    expect((await get('/api/tickers')).json().tickers).toEqual([
      { ticker: 'AAPL', bars: 300, firstDate: seed.bars.AAPL!.first, lastDate: seed.bars.AAPL!.last },
      { ticker: 'MSFT', bars: 300, firstDate: seed.bars.MSFT!.first, lastDate: seed.bars.MSFT!.last },
    ]);
    const body = (await get('/api/prices?ticker=aapl')).json();
    expect(body.ticker).toBe('AAPL');
    const bars = body.bars as any[];
    expect(bars).toHaveLength(300);
    expect(bars[0].date).toBe(seed.bars.AAPL!.first);
    expect(bars.at(-1).date).toBe(seed.bars.AAPL!.last);
    expect(bars[198].sma200).toBeNull();
    expect(bars[199].sma200).toEqual(expect.any(Number));
    const last = bars.at(-1);
    const mean20 = bars.slice(-20).reduce((sum, b) => sum + b.adjClose, 0) / 20;
    expect(last.sma20).toBeCloseTo(mean20, 8);
    expect(last.bbMiddle20).toBeCloseTo(mean20, 8);
    expect(last.bbUpper20).toBeGreaterThan(last.bbMiddle20);
    expect(last.rsi14).toBeGreaterThanOrEqual(0);
    expect(last.rsi14).toBeLessThanOrEqual(100);
    expect(last.macdHistogram).toBeCloseTo(last.macd - last.macdSignal, 10);
    for (const key of ['open', 'high', 'low', 'close', 'adjClose', 'volume', 'sma50', 'macdSignal'])
      expect(last[key]).toEqual(expect.any(Number));

    const from = bars[100].date;
    const to = bars[149].date;
    const ranged = (await get(`/api/prices?ticker=AAPL&from=${from}&to=${to}`)).json().bars as any[];
    expect(ranged.map((b) => b.date)).toEqual(bars.slice(100, 150).map((b) => b.date));
    const latest = (await get('/api/prices?ticker=MSFT&limit=5')).json().bars as any[];
    expect(latest.map((b) => b.date)).toEqual(bars.slice(-5).map((b) => b.date));
    expect((await get('/api/prices?ticker=NVDA')).json().bars).toEqual([]);
  });

  it('/api/news: newest first, provider text returned verbatim as JSON strings, filterable by ticker and since', async () => {
    const { res, json } = await get('/api/news');
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const news = json().news as any[];
    expect(news).toHaveLength(seed.news);
    expect(news[0]).toMatchObject({ headline: XSS_HEADLINE, provider: 'alpaca', symbols: ['AAPL'] });
    expect(news.map((n) => n.createdAt)).toEqual([...news.map((n) => n.createdAt)].sort().reverse());
    const msft = (await get('/api/news?ticker=MSFT')).json().news as any[];
    expect(msft.map((n) => n.headline)).toEqual([
      'Microsoft raises dividend by 10%',
      'Markets close higher as yields ease',
    ]);
    const since = encodeURIComponent(news[2].createdAt);
    expect((await get(`/api/news?since=${since}`)).json().news.map((n: any) => n.id)).toEqual([news[0].id, news[1].id]);
    expect((await get('/api/news?limit=1')).json().news).toHaveLength(1);
  });

  it('/api/products: most votes first; /api/funding: newest rounds with organization names', async () => {
    const products = (await get('/api/products?limit=2')).json().products as any[];
    expect(products.map((p) => [p.name, p.votesCount])).toEqual([
      ['Orbit', 911],
      ['Tabby', 512],
    ]);
    expect(products[0].topics).toEqual(['Productivity', 'Developer Tools']);
    const rounds = (await get('/api/funding')).json().rounds as any[];
    expect(rounds.map((r) => [r.uuid, r.organizationName])).toEqual([
      ['f2', 'Anthropic'],
      ['f3', null],
      ['f1', 'Calendly'],
    ]);
    expect(rounds[0]).toMatchObject({
      investmentType: 'series_e',
      moneyRaisedUsd: 3.5e9,
      leadInvestors: ['Lightspeed'],
      announcedOn: '2025-06-20',
    });
  });

  it.each([
    ['/api/runs?limit=0', 'limit'],
    ['/api/runs?limit=abc', 'limit'],
    ['/api/runs?limit=1&limit=2', 'limit'],
    ["/api/runs?pipeline=prices'%20OR%20'1'%3D'1", 'pipeline'],
    ['/api/prices', 'ticker'],
    ["/api/prices?ticker=AAPL'%3B%20DROP%20TABLE%20prices_daily%3B--", 'ticker'],
    ['/api/prices?ticker=AAPL&from=2024-13', 'from'],
    ['/api/prices?ticker=AAPL&to=2024-02-30', 'to'],
    ['/api/prices?ticker=AAPL&from=2025-02-01&to=2025-01-01', 'from'],
    ['/api/prices?ticker=AAPL&bogus=1', 'bogus'],
    ['/api/news?since=yesterday', 'since'],
    ['/api/products?limit=1000', 'limit'],
    ['/api/pipelines?x=1', 'x'],
  ])('%s answers 400 naming %s', async (path, param) => {
    const { res, json } = await get(path);
    expect(res.status).toBe(400);
    expect(json()).toMatchObject({
      error: 'bad_request',
      problems: expect.arrayContaining([expect.objectContaining({ param })]),
    });
  });

  it('the injection attempts changed nothing', async () => {
    expect((await get('/api/tickers')).json().tickers).toHaveLength(2);
  });

  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('%s answers 405 on the page and the API', async (method) => {
    for (const path of ['/', '/api/runs', '/static/app.js']) {
      const { res } = await get(path, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
    }
  });

  it('serves the page with a strict CSP and nosniff, and its script, stylesheet and chart library from this origin', async () => {
    const page = await get('/');
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.text).not.toMatch(/<script>|<script [^>]*>[^<]+<\/script>|\son\w+=/i);
    expect(page.text).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);

    const app = await get('/static/app.js');
    expect(app.res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(app.res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(() => new Script(app.text)).not.toThrow();
    expect(app.text).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(/);

    const lib = await get('/static/lightweight-charts.js');
    expect(lib.res.status).toBe(200);
    expect(lib.text).toContain('TradingView Lightweight Charts');
    expect(() => new Script(lib.text)).not.toThrow();
    expect((await get('/static/app.css')).res.headers.get('content-type')).toBe('text/css; charset=utf-8');

    const head = await get('/api/runs', { method: 'HEAD' });
    expect(head.res.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('answers 404 for unknown paths and /healthz without touching the warehouse', async () => {
    expect((await get('/api/nothing')).res.status).toBe(404);
    expect((await get('/static/../api/runs')).res.status).toBe(200);
    expect((await get('/static/secret.txt')).res.status).toBe(404);
    expect((await get('/healthz')).json()).toMatchObject({ ok: true, lightweightCharts: '5.2.1' });
  });

  it('a fresh warehouse without tables shows every pipeline as never run and empty feeds', async () => {
    const empty = await createDuckDbWarehouse({ path: join(dir, 'empty.duckdb') });
    const emptyServer = await startDashboardServer({
      warehouse: empty,
      port: 0,
      pipelines: SEED_PIPELINES,
      now: () => NOW,
    });
    try {
      const pipelines = (await (await fetch(`${emptyServer.url}/api/pipelines`)).json()) as any;
      expect(pipelines.pipelines.map((p: any) => p.state)).toEqual([
        'never_run',
        'never_run',
        'never_run',
        'never_run',
        'never_run',
      ]);
      for (const [path, key] of [
        ['/api/news', 'news'],
        ['/api/prices?ticker=AAPL', 'bars'],
        ['/api/funding', 'rounds'],
        ['/api/products', 'products'],
        ['/api/runs', 'runs'],
      ]) {
        const res = await fetch(`${emptyServer.url}${path}`);
        expect(res.status).toBe(200);
        expect(((await res.json()) as any)[key!]).toEqual([]);
      }
    } finally {
      await emptyServer.close();
      await empty.close();
    }
  });
});
