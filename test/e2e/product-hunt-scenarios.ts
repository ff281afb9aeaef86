/**
 * The acceptance scenarios of the Product Hunt function (launches and daily snapshots), written once and run per backend
 * (functions/product-hunt/*.int.test.ts) through the REAL entry point against the replay server.
 */
import {
  expectedProducts,
  expectedProductSnapshots,
  startProductHuntReplayServer,
  type ProductHuntReplayServer,
} from '../../dev/replay-producthunt';
import type { Product } from '../../shared/schemas/product';
import {
  captureOutput,
  lakeText,
  ledgerRows,
  startDeployedFunction,
  startFunctionAt,
  storedProducts,
  storedSnapshots,
  warehouseText,
  withWarehouse,
  type FunctionClient,
} from './product-hunt-harness';
import { listKeys, useEnvironment, type E2eBackend } from './prices-harness';

export interface ProductHuntScenarioOptions {
  /** The registration name of this file's clock-pinned function (unique per test file). */
  functionName: string;
  /** Posts the replay server holds, and the page size: pages = ceil(posts / pageSize). */
  posts: number;
  pageSize: number;
  /** Run the scenarios that never touch a warehouse (400, missing token) too. */
  withRequestChecks: boolean;
  makeBackend(): Promise<E2eBackend>;
}

const TOKEN = 'planted-ph-token-5e1d07c4aa';
const DAY1 = new Date('2024-06-15T08:00:00.000Z');
const DAY2 = new Date('2024-06-16T21:30:00.000Z');

/** Registers the scenarios in the calling describe block. */
export function productHuntScenarios(options: ProductHuntScenarioOptions): void {
  const SEED = 11;
  const pages = Math.ceil(options.posts / options.pageSize);
  const all = expectedProducts({ seed: SEED, posts: options.posts });
  let replay: ProductHuntReplayServer;
  let fn: FunctionClient;
  // A clock that starts at a chosen instant and then ticks with real time, as a real one does
  // (bookkeeping rows are keyed by their write time, so a frozen clock would collide).
  let clock = { at: DAY1.getTime(), since: Date.now() };
  const setClock = (day: Date) => void (clock = { at: day.getTime(), since: Date.now() });
  const backends: E2eBackend[] = [];

  beforeAll(async () => {
    replay = await startProductHuntReplayServer({ seed: SEED, posts: options.posts, token: TOKEN });
    fn = await startFunctionAt(options.functionName, () => new Date(clock.at + (Date.now() - clock.since)));
  });
  afterAll(async () => {
    await fn?.stop();
    await replay?.stop();
    for (const backend of backends) await backend.cleanup();
  });

  /** A fresh backend, the environment pointing the function at it and the replay server, DAY1. */
  async function setUp(extra: Record<string, string> = {}): Promise<{ backend: E2eBackend; restore: () => void }> {
    const backend = await options.makeBackend();
    backends.push(backend);
    replay.faults.clear();
    replay.requests.clear();
    setClock(DAY1);
    const restore = useEnvironment({
      ...backend.env,
      PRODUCT_HUNT_BASE_URL: replay.baseUrl,
      PRODUCT_HUNT_TOKEN: TOKEN,
      PRODUCT_HUNT_PAGE_SIZE: String(options.pageSize),
      // Wide enough that DAY2's window still holds the oldest replay post.
      PRODUCT_HUNT_LOOKBACK_DAYS: '10',
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      ...extra,
    });
    return { backend, restore };
  }

  const afters = () => replay.requests.all().map((r) => r.after ?? null);
  const cursorAt = (n: number) => Buffer.from(String(n)).toString('base64');
  const grown = (products: readonly Product[], votes: number): Product[] =>
    products.map((p) => ({ ...p, votes_count: p.votes_count + votes }));

  if (options.withRequestChecks) {
    it('answers 400 naming every problem of a bad body, through the deployed registration, fetching nothing', async () => {
      const { restore } = await setUp();
      const deployed = await startDeployedFunction();
      try {
        const answer = await deployed.post({ postedAfter: '2024-02-30', runId: '../x', order: 'VOTES' });
        expect(answer.status).toBe(400);
        expect(answer.json.problems.map((p: { path: string }) => p.path).sort()).toEqual(['', 'postedAfter', 'runId']);
        expect(replay.requests.count()).toBe(0);
      } finally {
        await deployed.stop();
        restore();
      }
    });

    it('fails with a clear ConfigError when PRODUCT_HUNT_TOKEN is missing, fetching nothing', async () => {
      const { restore } = await setUp({ PRODUCT_HUNT_TOKEN: '' });
      try {
        const { result: answer, output } = await captureOutput(() => fn.post({}));
        expect(output).toContain('PRODUCT_HUNT_TOKEN is not set');
        expect(answer.status).toBe(500);
        expect(answer.json).toEqual({
          status: 'failed',
          error: {
            class: 'ConfigError',
            message: expect.stringContaining('PRODUCT_HUNT_TOKEN is not set'),
            retriable: false,
          },
        });
        expect(replay.requests.count()).toBe(0);
      } finally {
        restore();
      }
    });
  }

  it('pages to the end; a rerun adds 0 rows; snapshots keep exactly one row per product per day', async () => {
    const { backend, restore } = await setUp();
    try {
      const first = await fn.post({});
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({
        status: 'succeeded',
        records: { in: all.length, valid: all.length, quarantined: 0, skipped: 0 },
      });
      expect(first.json.mergedByTable).toEqual({
        products: { inserted: all.length, updated: 0 },
        product_snapshots: { inserted: all.length, updated: 0 },
      });
      expect(afters()).toEqual([
        null,
        ...Array.from({ length: pages - 1 }, (_, i) => cursorAt((i + 1) * options.pageSize)),
      ]);
      expect(
        replay.requests
          .all()
          .every((r) => r.first === options.pageSize && r.postedAfter === '2024-06-05T00:00:00.000Z'),
      ).toBe(true);
      expect(await storedProducts(backend)).toEqual(all);
      expect(await storedSnapshots(backend)).toEqual(sortSnapshots(expectedProductSnapshots(all, '2024-06-15')));
      // Raw pages as received, one JSON line each, and clean Parquet holding exactly the valid rows
      // (however the run loop groups them into objects).
      const clean = await lakeText(backend);
      const rawPages = clean
        .filter((o) => o.key.startsWith('raw/producthunt/dt=2024-06-15/'))
        .flatMap((o) =>
          o.text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l)),
        );
      expect(rawPages.map((p) => p.request.params.after)).toEqual(afters().map((a) => a ?? ''));
      expect(rawPages.every((p) => p.source === 'producthunt' && p.status === 200 && p.request.method === 'POST')).toBe(
        true,
      );
      const cleanRows = (prefix: string) =>
        clean
          .filter((o) => o.key.startsWith(prefix))
          .flatMap((o) => JSON.parse(o.text) as { id?: string; product_id?: string }[]);
      // Products are filed by their created_at day (the table's partition), oldest day first.
      expect(
        cleanRows('clean/products/')
          .map((r) => r.id)
          .sort(),
      ).toEqual(all.map((p) => p.id).sort());
      expect(clean.filter((o) => o.key.startsWith('clean/products/dt=')).length).toBeGreaterThan(1);
      expect(cleanRows('clean/product_snapshots/dt=2024-06-15/').map((r) => r.product_id)).toEqual(
        all.map((p) => p.id),
      );
      expect(first.json.cursorAfter).toEqual({
        posts: { postedAfter: '2024-06-05T00:00:00.000Z', newestCreatedAt: all[0]!.created_at },
      });

      // Same day again: every row is matched, none added; the day's snapshot is replaced, not repeated.
      const rerun = await fn.post({});
      expect(rerun.json).toMatchObject({
        status: 'succeeded',
        mergedByTable: {
          products: { inserted: 0, updated: all.length },
          product_snapshots: { inserted: 0, updated: all.length },
        },
      });
      expect(await storedSnapshots(backend)).toHaveLength(all.length);

      // The next day, after the launches gained votes: products take the new counts, and every
      // product has exactly two snapshots, each with its own day's votes.
      replay.faults.growCounts({ votes: 7 });
      setClock(DAY2);
      const nextDay = await fn.post({});
      expect(nextDay.json).toMatchObject({
        status: 'succeeded',
        mergedByTable: {
          products: { inserted: 0, updated: all.length },
          product_snapshots: { inserted: all.length, updated: 0 },
        },
      });
      expect(await storedProducts(backend)).toEqual(grown(all, 7));
      expect(await storedSnapshots(backend)).toEqual(
        sortSnapshots([
          ...expectedProductSnapshots(all, '2024-06-15'),
          ...expectedProductSnapshots(grown(all, 7), '2024-06-16'),
        ]),
      );

      // Partitioned by day as declared (BigQuery: the live table; DuckDB: the definition it created).
      const partitioning = await withWarehouse(backend, (w) =>
        Promise.all(['products', 'product_snapshots'].map(async (t) => (await w.tableMetadata(t)).partitioning)),
      );
      expect(partitioning).toEqual([
        { type: 'DAY', field: 'created_at' },
        { type: 'DAY', field: 'snapshot_date' },
      ]);
      const ledger = await ledgerRows(backend);
      expect(ledger.map((r) => [r.run_id, r.status, r.records_valid, r.trigger])).toEqual(
        [first, rerun, nextDay].map((run) => [run.json.runId, 'succeeded', all.length, 'http']),
      );
    } finally {
      restore();
    }
  });

  it('stops on rate_limit_reached with a far reset, saves the cursor, and the next run resumes there', async () => {
    const { backend, restore } = await setUp({ LOG_LEVEL: 'debug' });
    try {
      const landed = options.pageSize * 2;
      replay.faults.rateLimit({ afterCalls: 2, resetInS: 600 }); // 10 minutes > PRODUCT_HUNT_MAX_WAIT_MS (60 s)
      const { result: stopped, output: stopLog } = await captureOutput(() => fn.post({}));
      expect(stopped.json).toMatchObject({
        error: { class: 'ProductHuntRateLimitError', retriable: true },
        records: { in: landed, valid: landed },
        cursorAfter: { posts: { postedAfter: '2024-06-05T00:00:00.000Z', endCursor: cursorAt(landed) } },
      });
      expect(replay.requests.all().map((r) => r.status)).toEqual([200, 200, 429]);
      expect(await storedProducts(backend)).toEqual(all.slice(0, landed));

      replay.requests.clear();
      const { result: resumed, output: resumeLog } = await captureOutput(() => fn.post({}));
      expect(resumed.json).toMatchObject({
        status: 'succeeded',
        records: { valid: all.length - landed },
        cursorBefore: stopped.json.cursorAfter,
      });
      // The resume starts after the saved page: the first pages are never fetched again.
      expect(afters()).toEqual(Array.from({ length: pages - 2 }, (_, i) => cursorAt((i + 2) * options.pageSize)));
      expect(await storedProducts(backend)).toEqual(all);
      expect(await storedSnapshots(backend)).toHaveLength(all.length);
      expect(resumed.json.cursorAfter.posts.endCursor).toBeUndefined();

      const ledger = await ledgerRows(backend);
      expect(ledger.map((r) => [r.run_id, r.status, r.error_class ?? null])).toEqual([
        [stopped.json.runId, stopped.json.status, 'ProductHuntRateLimitError'],
        [resumed.json.runId, 'succeeded', null],
      ]);
      // The token reached the replay server (it answered 200) and nowhere else.
      expect(stopLog + resumeLog).toContain('http response');
      expect(stopLog + resumeLog).not.toContain(TOKEN);
      const lake = await lakeText(backend);
      expect(lake.some((o) => o.key.startsWith('raw/producthunt/'))).toBe(true);
      expect(lake.filter((o) => o.text.includes(TOKEN)).map((o) => o.key)).toEqual([]);
      expect(await warehouseText(backend)).not.toContain(TOKEN);

      // Pages landed and the resume point is stored: the run got somewhere, so it is partial, and
      // Cloud Scheduler gets a 2xx (retrying before the reset would only hit the limit again).
      expect([stopped.status, stopped.json.status]).toEqual([200, 'partial']);
    } finally {
      restore();
    }
  });

  if (options.withRequestChecks) {
    it('slows down before the limit: stops without a 429 when the budget cannot pay the next page, then resumes after the reset', async () => {
      // 150 points: pages cost 1 + 2 x pageSize; below the 100-point reserve the pager must not go on,
      // and the 3 s window is further away than it may wait (0.5 s).
      const small = await startProductHuntReplayServer({
        seed: SEED,
        posts: options.posts,
        token: TOKEN,
        budgetLimit: 150,
        windowMs: 3_000,
      });
      const { backend, restore } = await setUp({
        PRODUCT_HUNT_BASE_URL: small.baseUrl,
        PRODUCT_HUNT_MAX_WAIT_MS: '500',
      });
      try {
        const stopped = await fn.post({});
        const fetched = small.requests.all();
        expect(fetched.every((r) => r.status === 200)).toBe(true);
        const landed = fetched.length * options.pageSize;
        expect(landed).toBeLessThan(all.length);
        expect(stopped.json).toMatchObject({
          error: { class: 'ProductHuntRateLimitError', retriable: true },
          records: { valid: landed },
          cursorAfter: { posts: { endCursor: cursorAt(landed) } },
        });

        const deadline = Date.now() + 10_000;
        while (small.remaining() < 150 && Date.now() < deadline)
          await new Promise((resolve) => setTimeout(resolve, 100));
        small.requests.clear();
        const resumed = await fn.post({});
        expect(resumed.json).toMatchObject({ status: 'succeeded', records: { valid: all.length - landed } });
        expect(small.requests.all()[0]?.after).toBe(cursorAt(landed));
        expect(await storedProducts(backend)).toEqual(all);
      } finally {
        restore();
        await small.stop();
      }
    });
  }

  it('quarantines malformed posts with their reasons and counts them in the ledger', async () => {
    const { backend, restore } = await setUp();
    try {
      const [wrongType, badUrl] = [all[1]!, all[all.length - 1]!];
      replay.faults.corruptPost(wrongType.id, { votesCount: 'lots' });
      replay.faults.corruptPost(badUrl.id, { url: 'javascript:alert(1)' });
      const run = await fn.post({});
      expect(run.json).toMatchObject({
        status: 'succeeded',
        records: { in: all.length, valid: all.length - 2, quarantined: 2, skipped: 0 },
      });
      const kept = all.filter((p) => p !== wrongType && p !== badUrl);
      expect(await storedProducts(backend)).toEqual(kept);
      expect(await storedSnapshots(backend)).toEqual(sortSnapshots(expectedProductSnapshots(kept, '2024-06-15')));
      const [ledger] = await ledgerRows(backend);
      expect(ledger).toMatchObject({ records_in: all.length, records_valid: all.length - 2, records_quarantined: 2 });

      const [key, ...more] = await listKeys(backend.lake, 'quarantine/producthunt/dt=2024-06-15/');
      expect(more).toEqual([]);
      const lines = (await backend.lake.get(key!))
        .toString('utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(
        lines
          .map((l) => [
            l.record.id,
            l.path.split('.')[0],
            l.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`),
          ])
          .sort(),
      ).toEqual(
        [
          [wrongType.id, 'data', ['votesCount:invalid_type']], // not a post at all: normalize refuses it
          [badUrl.id, 'rows', ['url:invalid_format']], // a post, but not a valid Product
        ].sort(),
      );
      for (const line of lines) {
        expect(line).toMatchObject({
          runId: run.json.runId,
          source: 'producthunt',
          rawKey: expect.stringMatching(/^raw\/producthunt\/dt=2024-06-15\//),
        });
        // The raw object it names keeps the page the post came from, verbatim.
        const raw = (await lakeText(backend)).find((o) => o.key === line.rawKey)!;
        const page = raw.text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .find((p) => JSON.stringify(p.body).includes(`"id":"${line.record.id}"`));
        expect(page).toMatchObject({
          source: 'producthunt',
          status: 200,
          request: { method: 'POST', params: { order: 'NEWEST' } },
        });
      }
    } finally {
      restore();
    }
  });
}

function sortSnapshots<T extends { snapshot_date: string; product_id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) =>
    a.snapshot_date === b.snapshot_date
      ? a.product_id < b.product_id
        ? -1
        : 1
      : a.snapshot_date < b.snapshot_date
        ? -1
        : 1,
  );
}
