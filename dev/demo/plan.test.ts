/**
 * The demo launcher's pure decisions: its options, the platform environment it sets, what it runs
 * on start, and what `make dev` skips without keys.
 */
import type { PipelineEntry } from '../../shared/pipelines/registry';
import { dataPaths, platformEnvironment, withDotEnv, type ReplayEndpoints } from './environment';
import { planFirstStart } from './first-start';
import { planLive } from './live-keys';
import { parseDemoOptions } from './options';

const entry = (name: string, source: string, scheduled = true): PipelineEntry => ({
  name,
  description: name,
  source,
  schedule: scheduled ? { cron: '0 * * * *', timeZone: 'UTC' } : undefined,
  function: { entryPoint: name, folder: `functions/${name}`, memoryMb: 256, timeoutS: 60 },
  tables: [],
});

const replays: ReplayEndpoints = {
  prices: { baseUrl: 'http://127.0.0.1:1', alpaca: { keyId: 'k', secretKey: 's' }, polygonApiKey: 'p' },
  news: { streamUrl: 'ws://127.0.0.1:2/v1beta1/news', baseUrl: 'http://127.0.0.1:2', keyId: 'nk', secretKey: 'ns' },
  productHunt: { baseUrl: 'http://127.0.0.1:3', token: 't' },
  crunchbase: { baseUrl: 'http://127.0.0.1:4', apiKey: 'c' },
};

describe('parseDemoOptions', () => {
  it('has the documented defaults', () => {
    expect(parseDemoOptions({})).toEqual({
      mode: 'demo',
      dataDir: '.data',
      host: '127.0.0.1',
      dashboardPort: 8080,
      speed: 60,
      watchlist: ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL'],
      backfillFrom: '2022-01-01',
      crunchbasePermalinks: ['acme-robotics', 'globex', 'initech', 'hooli'],
      newsRatePerSec: 0.5,
      stopGraceMs: 15_000,
      dotEnvPath: '.env',
    });
  });

  it('reads PORT, DEMO_* and --live / --port; blank means unset', () => {
    const options = parseDemoOptions(
      { PORT: '0', DEMO_SPEED: '3600', DEMO_WATCHLIST: 'aapl, brk-b,AAPL', DEMO_DATA_DIR: ' ' },
      ['--live'],
    );
    expect(options).toMatchObject({
      mode: 'dev',
      dashboardPort: 0,
      speed: 3600,
      watchlist: ['AAPL', 'BRK-B'],
      dataDir: '.data',
    });
    expect(parseDemoOptions({ PORT: '9000' }, ['--port', '9001']).dashboardPort).toBe(9001);
  });

  it('names every bad variable at once', () => {
    expect(() => parseDemoOptions({ PORT: '70000', DEMO_SPEED: '-1', DEMO_BACKFILL_FROM: '2022-13-01' })).toThrow(
      /PORT:[\s\S]*DEMO_SPEED:[\s\S]*DEMO_BACKFILL_FROM:/,
    );
  });
});

describe('platformEnvironment', () => {
  const options = parseDemoOptions({ DEMO_DATA_DIR: 'data' });
  const paths = dataPaths(options, '/repo');

  it('points every provider at the replays and the storage at the data directory (demo)', () => {
    const env = platformEnvironment(options, paths, {}, replays);
    expect(env).toMatchObject({
      LAKE_BACKEND: 'local',
      LAKE_DIR: '/repo/data/lake',
      WAREHOUSE_BACKEND: 'duckdb',
      DUCKDB_PATH: '/repo/data/warehouse.duckdb',
      STREAM_DIR: '/repo/data/stream',
      EVENTS_DIR: '/repo/data/events',
      PRICES_WATCHLIST: 'AAPL,MSFT,NVDA,AMZN,GOOGL',
      YAHOO_BASE_URL: 'http://127.0.0.1:1',
      ALPACA_NEWS_STREAM_URL: 'ws://127.0.0.1:2/v1beta1/news',
      APCA_API_KEY_ID: 'nk',
      PRODUCT_HUNT_BASE_URL: 'http://127.0.0.1:3',
      CRUNCHBASE_BASE_URL: 'http://127.0.0.1:4',
      GOOGLE_CLOUD_PROJECT: '',
    });
    // Every URL it sets is local.
    for (const [name, value] of Object.entries(env))
      if (/URL$/.test(name)) expect(value).toMatch(/^(https?|wss?):\/\/127\.0\.0\.1:/);
    expect(env).not.toHaveProperty('KAFKA_BROKERS');
  });

  it('keeps the Pub/Sub emulator when the operator runs one', () => {
    expect(platformEnvironment(options, paths, { PUBSUB_EMULATOR_HOST: '127.0.0.1:8085' }, replays)).not.toHaveProperty(
      'GOOGLE_CLOUD_PROJECT',
    );
  });

  it('sets only storage in dev mode, keeping the operator watchlist; .env loses to the real environment', () => {
    const dev = parseDemoOptions({ DEMO_MODE: 'dev' });
    const env = platformEnvironment(dev, paths, { PRICES_WATCHLIST: 'KO' });
    expect(env.PRICES_WATCHLIST).toBe('KO');
    expect(env).not.toHaveProperty('YAHOO_BASE_URL');
    expect(withDotEnv({ A: 'real', B: ' ' }, { A: 'file', B: 'file', C: 'file' })).toEqual({
      A: 'real',
      B: 'file',
      C: 'file',
    });
  });
});

describe('planFirstStart', () => {
  const pipelines = [
    entry('prices', 'yahoo'),
    entry('crunchbase', 'crunchbase', false),
    entry('news', 'alpaca-news'),
    entry('adhoc', 'x', false),
  ];
  const options = { watchlist: ['AAPL', 'MSFT'], backfillFrom: '2022-01-01', crunchbasePermalinks: ['globex'] };

  it('backfills the watchlist, triggers Crunchbase and runs every scheduled pipeline once on a fresh warehouse', () => {
    const plan = planFirstStart(pipelines, { pipelinesWithRuns: new Set(), tickersWithBars: new Set() }, options);
    expect(plan.runOnStart).toEqual({
      prices: { body: { mode: 'backfill', from: '2022-01-01', tickers: ['AAPL', 'MSFT'] } },
      crunchbase: { body: { permalinks: ['globex'], includeRecentRounds: true } },
      news: {},
    });
    expect(plan.notes.join('\n')).toMatch(/adhoc: on demand only/);
  });

  it('on a restart backfills only tickers without bars and leaves the rest to the schedule', () => {
    const plan = planFirstStart(
      pipelines,
      { pipelinesWithRuns: new Set(['prices', 'crunchbase', 'news']), tickersWithBars: new Set(['AAPL']) },
      options,
    );
    expect(plan.runOnStart).toEqual({ prices: { body: { mode: 'backfill', from: '2022-01-01', tickers: ['MSFT'] } } });
  });
});

describe('planLive', () => {
  it('skips a keyed source without its key, naming the variable, and runs keyless ones', () => {
    const pipelines = [
      entry('prices', 'yahoo'),
      entry('product-hunt', 'producthunt'),
      entry('crunchbase', 'crunchbase', false),
      entry('news', 'alpaca-news'),
    ];
    const plan = planLive(pipelines, { CRUNCHBASE_API_KEY: 'x', APCA_API_KEY_ID: 'id' });
    expect(plan.pipelines.map((p) => p.name)).toEqual(['prices', 'crunchbase', 'news']);
    expect(plan.streamer).toBe(false);
    expect(plan.skipped.map((s) => s.message)).toEqual([
      'pipeline product-hunt skipped: set PRODUCT_HUNT_TOKEN in .env to run it against producthunt',
      "news streamer skipped: set APCA_API_SECRET_KEY in .env for Alpaca's real-time news websocket",
    ]);
  });
});
