/**
 * Issue 7's first acceptance line: `make demo`'s entry, started as a child process on a fresh data
 * directory and free ports, answers on the dashboard, and the dashboard's JSON API shows prices
 * with indicators for the demo watchlist, news arriving from the stream, Product Hunt launches,
 * Crunchbase funding rounds and a run in `ingestion_runs` for EVERY pipeline in the registry.
 * Then Ctrl-C (SIGINT to the process group) stops it: exit code 0 and no process of the group left.
 * A second run puts the stream on the real Kafka broker (KAFKA_BROKERS) instead of the file log.
 *
 * Assertions are generic over the registry: a pipeline added to it is checked without editing this file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIPELINES } from '../../shared/pipelines/registry';
import { createWarehouse } from '../../shared/warehouse';
import type { FundingRow, NewsRow, PipelineStatus, PriceRow, ProductRow, TickerRow } from '../../shared/dashboard';
import { testEndpoints, uniqueName } from '../harness/endpoints';
import {
  getJson,
  notYet,
  pollUntil,
  processesInGroup,
  ready,
  startDemoProcess,
  type DemoProcess,
} from './demo-harness';

/** The demo's default watchlist (dev/demo/options.ts), which the test leaves alone. */
const WATCHLIST = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'GOOGL'];
const START_MS = 120_000;
/** The first start's backfill (5 tickers since 2022) takes ~30 s on an idle 2-core machine. */
const DATA_MS = 240_000;

/** Files under `dir`, recursively, relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

/** Presses Ctrl-C and checks the demo stops cleanly: exit 0, nothing of its process group left. */
async function expectCleanStop(demo: DemoProcess): Promise<void> {
  demo.signalGroup('SIGINT');
  let timer: NodeJS.Timeout | undefined;
  const exit = await Promise.race([
    demo.exited,
    new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), 60_000))),
  ]);
  clearTimeout(timer);
  if (exit === 'timeout')
    throw new Error(`demo did not exit within 60 s of SIGINT; output tail:\n${demo.output().slice(-3000)}`);
  expect({ exit, tail: exit.code === 0 ? '' : demo.output().slice(-3000) }).toEqual({
    exit: { code: 0, signal: null },
    tail: '',
  });
  expect(demo.output()).toMatch(/stopped cleanly/);
  // Every process of the group is gone (the demo runs in one process; anything it spawned would show here).
  await pollUntil(
    'no process left in the demo process group',
    10_000,
    async () => {
      const left = processesInGroup(demo.pgid);
      return left.length === 0 ? ready(true) : notYet(`still running: ${left.join(', ')}`);
    },
    200,
  );
}

describe('make demo (dev/demo/main.ts) on the file log', () => {
  let dataDir: string;
  let demo: DemoProcess;
  let dashboard: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'demo-e2e-'));
    demo = startDemoProcess({
      DEMO_DATA_DIR: dataDir,
      PORT: '0',
      LOG_FORMAT: 'json',
      KAFKA_BROKERS: '',
      PUBSUB_EMULATOR_HOST: '',
    });
    dashboard = (await demo.waitFor(/^Dashboard: (http:\/\/127\.0\.0\.1:\d+)$/m, START_MS))[1]!;
  }, START_MS + 10_000);

  afterAll(async () => {
    demo?.killIfRunning();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the dashboard page on 127.0.0.1', async () => {
    const response = await fetch(dashboard);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it(
    'has prices and indicators for every watchlist ticker since 2022',
    async () => {
      const tickers = await pollUntil('watchlist backfilled', DATA_MS, async () => {
        const { tickers } = await getJson<{ tickers: TickerRow[] }>(`${dashboard}/api/tickers`);
        const missing = WATCHLIST.filter((t) => !tickers.some((row) => row.ticker === t));
        return missing.length === 0 ? ready(tickers) : notYet(`no bars yet for ${missing.join(', ')}`);
      });
      for (const ticker of WATCHLIST) {
        const row = tickers.find((r) => r.ticker === ticker)!;
        expect(row.firstDate <= '2022-01-05').toBe(true);
        expect(row.bars).toBeGreaterThan(700);
      }
      // Indicators are computed after the bars land, in the same run: wait for them too.
      for (const ticker of WATCHLIST) {
        const bars = await pollUntil(`indicators of ${ticker}`, DATA_MS, async () => {
          const { bars } = await getJson<{ bars: PriceRow[] }>(`${dashboard}/api/prices?ticker=${ticker}&limit=300`);
          const last = bars.at(-1);
          return last &&
            last.sma20 !== null &&
            last.sma200 !== null &&
            last.rsi14 !== null &&
            last.macd !== null &&
            last.bbUpper20 !== null
            ? ready(bars)
            : notYet(`latest bar ${JSON.stringify(last)}`);
        });
        expect(bars).toHaveLength(300);
      }
    },
    2 * DATA_MS,
  );

  it(
    'shows news arriving from the stream while it runs',
    async () => {
      const first = await pollUntil('some news', DATA_MS, async () => {
        const { news } = await getJson<{ news: NewsRow[] }>(`${dashboard}/api/news?limit=5`);
        return news.length > 0 ? ready(news[0]!) : notYet('no news yet');
      });
      // Newer articles keep coming (the replay publishes twice a second; the streamer relays them).
      const later = await pollUntil('news newer than the first seen', 60_000, async () => {
        const { news } = await getJson<{ news: NewsRow[] }>(
          `${dashboard}/api/news?since=${encodeURIComponent(first.createdAt)}`,
        );
        return news.length > 0 ? ready(news) : notYet(`nothing after ${first.createdAt}`);
      });
      expect(later.every((article) => article.createdAt > first.createdAt)).toBe(true);
      // ...and they came through the stream: the lake sink writes stream/news/ objects named by offsets.
      const sinkFiles = await pollUntil('lake sink objects', 30_000, async () => {
        const files = filesUnder(join(dataDir, 'lake', 'stream', 'news'));
        return files.length > 0 ? ready(files) : notYet('no stream/news objects in the lake');
      });
      expect(sinkFiles[0]).toMatch(/^dt=\d{4}-\d{2}-\d{2}\/hour=\d{2}\/\d+-\d+-\d+\.jsonl\.gz$/);
    },
    DATA_MS + 100_000,
  );

  it(
    'has Product Hunt launches',
    async () => {
      const products = await pollUntil('products', DATA_MS, async () => {
        const { products } = await getJson<{ products: ProductRow[] }>(`${dashboard}/api/products?limit=5`);
        return products.length > 0 ? ready(products) : notYet('no products yet');
      });
      expect(products[0]!.name).toEqual(expect.any(String));
    },
    DATA_MS + 10_000,
  );

  it(
    'has Crunchbase funding rounds of the triggered organizations',
    async () => {
      const rounds = await pollUntil('funding rounds', DATA_MS, async () => {
        const { rounds } = await getJson<{ rounds: FundingRow[] }>(`${dashboard}/api/funding?limit=20`);
        return rounds.length > 0 ? ready(rounds) : notYet('no funding rounds yet');
      });
      expect(rounds.some((round) => round.organizationName !== null)).toBe(true);
    },
    DATA_MS + 10_000,
  );

  it.each(PIPELINES.map((entry) => [entry.name]))(
    'records a good run of %s in ingestion_runs',
    async (name) => {
      const status = await pollUntil(`a finished run of ${name}`, DATA_MS, async () => {
        const { pipelines } = await getJson<{ pipelines: PipelineStatus[] }>(`${dashboard}/api/pipelines`);
        const mine = pipelines.find((p) => p.name === name);
        return mine && mine.state !== 'never_run' && mine.state !== 'running'
          ? ready(mine)
          : notYet(`state ${mine?.state ?? 'absent'}`);
      });
      expect({ name, state: status.state, error: status.lastRun?.errorMessage ?? null }).toEqual({
        name,
        state: expect.stringMatching(/^(succeeded|partial)$/),
        error: null,
      });
    },
    DATA_MS + 10_000,
  );

  it('stops cleanly on Ctrl-C, and the warehouse holds what the dashboard showed', async () => {
    await expectCleanStop(demo);
    // The process is gone, so its DuckDB file is free to open.
    const warehouse = await createWarehouse({
      backend: 'duckdb',
      duckdbPath: join(dataDir, 'warehouse.duckdb'),
      dataset: 'unused',
      location: 'US',
    });
    try {
      const count = async (table: string) =>
        Number(
          (await warehouse.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${warehouse.tableRef(table)}`))[0]!
            .n,
        );
      // The analyst consumes only the stream: its signals prove the second consumer group ran.
      expect(await count('news_signals')).toBeGreaterThan(0);
      expect(await count('price_indicators')).toBeGreaterThan(0);
      const ran = await warehouse.query<{ pipeline: string }>(
        `SELECT DISTINCT pipeline FROM ${warehouse.tableRef('ingestion_runs')}`,
      );
      expect(ran.map((r) => r.pipeline).sort()).toEqual(expect.arrayContaining(PIPELINES.map((p) => p.name).sort()));
    } finally {
      await warehouse.close();
    }
  }, 90_000);
});

describe('make demo with KAFKA_BROKERS: the stream on the real broker', () => {
  let dataDir: string | undefined;
  let demo: DemoProcess;

  afterAll(async () => {
    demo?.killIfRunning();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'relays news through Kafka to the dashboard, then stops cleanly',
    async () => {
      const { kafkaBrokers } = testEndpoints();
      dataDir = mkdtempSync(join(tmpdir(), 'demo-kafka-e2e-'));
      demo = startDemoProcess({
        DEMO_DATA_DIR: dataDir,
        PORT: '0',
        LOG_FORMAT: 'json',
        PUBSUB_EMULATOR_HOST: '',
        KAFKA_BROKERS: kafkaBrokers.join(','),
        // A topic and groups of its own on the shared broker.
        NEWS_TOPIC: uniqueName('demo-news').replace(/_/g, '-'),
        NEWS_DLQ_TOPIC: uniqueName('demo-news-dlq').replace(/_/g, '-'),
        LAKE_SINK_GROUP: uniqueName('demo-lake-sink'),
        ANALYST_GROUP: uniqueName('demo-analyst'),
        // Only the stream is under test here: a one-ticker backfill keeps the machine free.
        DEMO_WATCHLIST: 'AAPL',
        DEMO_BACKFILL_FROM: '2024-01-01',
      });
      const dashboard = (await demo.waitFor(/^Dashboard: (http:\/\/127\.0\.0\.1:\d+)$/m, START_MS))[1]!;
      expect(demo.output()).toMatch(/stream: kafka/i);
      await pollUntil('news through Kafka', DATA_MS, async () => {
        const files = filesUnder(join(dataDir!, 'lake', 'stream'));
        const { news } = await getJson<{ news: NewsRow[] }>(`${dashboard}/api/news?limit=5`);
        return news.length > 0 && files.length > 0
          ? ready(news)
          : notYet(`news ${news.length}, lake sink objects ${files.length}`);
      });
      await expectCleanStop(demo);
    },
    START_MS + DATA_MS + 90_000,
  );
});
