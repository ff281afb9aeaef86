/**
 * The prices function end to end with PRICES_PROVIDER=alpaca and =polygon, through the REAL entry
 * point against the replay server (ALPACA_DATA_BASE_URL / POLYGON_BASE_URL): a backfill with small
 * pages (next_page_token / next_url paging) lands exactly the expected rows, reruns add none, an
 * incremental run reads only the lag window, and the provider's key never reaches the lake, the
 * warehouse, the logs or the answer. Written once, run per provider and backend.
 */
import { gunzipSync } from 'node:zlib';
import {
  expectedPriceBars,
  startPriceReplayServer,
  type PriceReplayServer,
  type ReplayRequestRecord,
} from '../../dev/replay';
import { sliceDateRange } from '../../shared/pipelines/prices/plan';
import type { PriceBar } from '../../shared/schemas/price-bar';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, listKeys, startFunction, useEnvironment, yearsBefore, type E2eBackend } from './prices-harness';

export type KeyedProvider = 'alpaca' | 'polygon';

export interface ProviderScenarioOptions {
  provider: KeyedProvider;
  /** A few tickers: the scenario is about the provider path, not volume. */
  tickers: readonly string[];
  years: number;
  /** Bars per provider page: small, so each slice takes several pages. */
  pageLimit: number;
  makeBackend(): Promise<E2eBackend>;
}

const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

const BAR_COLUMNS = 'ticker, date, open, high, low, close, adj_close, volume, source';
const DAY_MS = 86_400_000;

/** The environment that selects `provider` and points it at the replay server. */
function providerEnv(provider: KeyedProvider, replay: PriceReplayServer, pageLimit: number): Record<string, string> {
  if (provider === 'alpaca') {
    return {
      PRICES_PROVIDER: 'alpaca',
      ALPACA_DATA_BASE_URL: replay.baseUrl,
      APCA_API_KEY_ID: replay.credentials.alpaca.keyId,
      APCA_API_SECRET_KEY: replay.credentials.alpaca.secretKey,
      ALPACA_PAGE_LIMIT: String(pageLimit),
      ALPACA_REQUESTS_PER_MINUTE: '60000',
    };
  }
  return {
    PRICES_PROVIDER: 'polygon',
    POLYGON_BASE_URL: replay.baseUrl,
    POLYGON_API_KEY: replay.credentials.polygon.apiKey,
    POLYGON_PAGE_LIMIT: String(pageLimit),
    POLYGON_REQUESTS_PER_MINUTE: '60000',
  };
}

/** The secrets of `provider` as configured: none may appear anywhere the run writes. */
function secretsOf(provider: KeyedProvider, replay: PriceReplayServer): string[] {
  return provider === 'alpaca'
    ? [replay.credentials.alpaca.keyId, replay.credentials.alpaca.secretKey]
    : [replay.credentials.polygon.apiKey];
}

/** The start and end one logged request asked for ('YYYY-MM-DD' or an RFC-3339 instant). */
function requestedDays(provider: KeyedProvider, request: ReplayRequestRecord): { from: string; to: string } {
  if (provider === 'alpaca') return { from: request.query.start!, to: request.query.end! };
  const [, from, to] = /\/range\/1\/day\/([^/]+)\/([^/]+)$/.exec(request.path) ?? [];
  return { from: from!, to: to! };
}

/** Whether a logged request followed a page link (next_page_token / next_url) rather than starting a range. */
function isFollowPage(provider: KeyedProvider, request: ReplayRequestRecord): boolean {
  return provider === 'alpaca'
    ? request.query.page_token !== undefined
    : /\/range\/1\/day\/\d{13}\//.test(request.path);
}

const table = (warehouse: Warehouse, name: string) => (warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name));

/** Every object of the lake as text (gzip inflated; Parquet as latin1, which keeps ASCII intact). */
async function lakeText(lake: E2eBackend['lake']): Promise<string> {
  const parts: string[] = [];
  for (const key of await listKeys(lake, '')) {
    const bytes = await lake.get(key);
    parts.push(key.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('latin1'));
  }
  return parts.join('\n');
}

/** Collects what the process writes to stdout (the function's JSON log lines) while `work` runs. */
async function capturingStdout<T>(work: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  });
  try {
    return { result: await work(), output: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** Registers the scenarios of one keyed provider in the calling describe block. */
export function providerScenarios(options: ProviderScenarioOptions): void {
  const { provider } = options;
  let replay: PriceReplayServer;
  let fn: Awaited<ReturnType<typeof startFunction>>;
  const backends: E2eBackend[] = [];

  beforeAll(async () => {
    replay = await startPriceReplayServer();
    require('../../functions/prices');
    fn = await startFunction(getTestServer('prices'));
  });
  afterAll(async () => {
    await fn?.stop();
    await replay?.stop();
    for (const backend of backends) await backend.cleanup();
  });

  async function setUp(
    extra: Record<string, string | undefined> = {},
  ): Promise<{ backend: E2eBackend; restore: () => void }> {
    const backend = await options.makeBackend();
    backends.push(backend);
    replay.faults.clear();
    replay.requests.clear();
    const env: Record<string, string> = {
      ...backend.env,
      ...providerEnv(provider, replay, options.pageLimit),
      PRICES_LAG_DAYS: '5',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      HTTP_MAX_RETRIES: '1',
    };
    for (const [name, value] of Object.entries(extra)) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
    // useEnvironment can only set: an unset key is an empty value, which the config reads as unset.
    const blanked = Object.fromEntries(
      Object.entries(extra)
        .filter(([, v]) => v === undefined)
        .map(([k]) => [k, '']),
    );
    return { backend, restore: useEnvironment({ ...env, ...blanked }) };
  }

  it(`backfills ${options.tickers.length} tickers x ${options.years} year(s) from ${provider} page by page, exactly; reruns add 0 rows; incremental reads the lag window; the key stays out`, async () => {
    const { backend, restore } = await setUp();
    try {
      const today = replay.today;
      const from = yearsBefore(today, options.years);
      const body = { mode: 'backfill', from, to: today, tickers: options.tickers };
      const { result: first, output: firstLog } = await capturingStdout(() => fn.post(body));
      expect(first.status).toBe(200);
      const ranges = sliceDateRange(from, today, { sliceMonths: 12 });
      expect(first.json).toMatchObject({
        status: 'succeeded',
        mode: 'backfill',
        slices: { total: options.tickers.length * ranges.length, failed: 0, skipped: 0 },
      });

      const expected: PriceBar[] = options.tickers.flatMap((ticker) =>
        expectedPriceBars({ source: provider, ticker, from, to: today, today }),
      );
      expected.sort((a, b) => (a.ticker === b.ticker ? a.date.localeCompare(b.date) : a.ticker < b.ticker ? -1 : 1));
      expect(first.json.records).toEqual({ in: expected.length, valid: expected.length, quarantined: 0, skipped: 0 });
      expect(
        await withWarehouse(backend, (w) =>
          w.query<PriceBar>(`SELECT ${BAR_COLUMNS} FROM ${table(w, 'prices_daily')} ORDER BY ticker, date`),
        ),
      ).toEqual(expected);

      // Paging: each slice took ceil(bars / pageLimit) pages (at least one), every later page via the provider's link.
      const pagesPerSlice = options.tickers.flatMap((ticker) =>
        ranges.map((r) =>
          Math.max(
            1,
            Math.ceil(
              expectedPriceBars({ source: provider, ticker, from: r.from, to: r.to, today }).length / options.pageLimit,
            ),
          ),
        ),
      );
      const pages = pagesPerSlice.reduce((a, b) => a + b, 0);
      expect(pages).toBeGreaterThan(pagesPerSlice.length);
      const requests = replay.requests.all();
      expect(requests.every((r) => r.provider === provider && r.status === 200)).toBe(true);
      expect(requests).toHaveLength(pages);
      expect(requests.filter((r) => isFollowPage(provider, r))).toHaveLength(pages - pagesPerSlice.length);
      expect(first.json.sliceReports.reduce((n: number, s: { pages: number }) => n + s.pages, 0)).toBe(pages);
      expect(await listKeys(backend.lake, `raw/${provider}/`)).not.toHaveLength(0);

      // The same backfill again: every slice is done, nothing is fetched. A new id refetches: 0 inserted.
      replay.requests.clear();
      const { result: again } = await capturingStdout(() => fn.post(body));
      expect(again.json).toMatchObject({
        status: 'succeeded',
        slices: { skipped: first.json.slices.total, succeeded: 0 },
        merged: { inserted: 0 },
      });
      expect(replay.requests.count()).toBe(0);
      const { result: refetch, output: refetchLog } = await capturingStdout(() =>
        fn.post({ ...body, backfillId: 'refetch' }),
      );
      expect(refetch.json).toMatchObject({ status: 'succeeded', merged: { inserted: 0, updated: expected.length } });

      // Incremental: per ticker the 5 stored trading days up to the last stored day, nothing older.
      replay.requests.clear();
      const { result: incremental, output: incrementalLog } = await capturingStdout(() =>
        fn.post({ tickers: options.tickers }),
      );
      expect(incremental.json).toMatchObject({ status: 'succeeded', mode: 'incremental', merged: { inserted: 0 } });
      expect(incremental.json.records).toMatchObject({
        in: options.tickers.length * 5,
        valid: options.tickers.length * 5,
      });
      const windows = replay.requests
        .all()
        .filter((r) => !isFollowPage(provider, r))
        .map((r) => requestedDays(provider, r));
      expect(windows).toHaveLength(options.tickers.length);
      const todayMs = Date.parse(`${today}T00:00:00Z`);
      for (const window of windows) {
        // Alpaca asks for RFC-3339 instants, Polygon for days: both parse. 5 trading days never
        // span more than 10 calendar days, and nothing after today is asked for.
        expect(Date.parse(window.from)).toBeGreaterThanOrEqual(todayMs - 10 * DAY_MS);
        expect(Date.parse(window.to)).toBeLessThan(todayMs + 2 * DAY_MS);
      }

      // The key: nowhere in the lake (raw pages included), the warehouse, the logs or the answers.
      const ledger = await withWarehouse(backend, (w) => w.query(`SELECT * FROM ${table(w, 'ingestion_runs')}`));
      expect(ledger).toHaveLength(4);
      const logs = [firstLog, refetchLog, incrementalLog].join('');
      expect(logs).toContain('"http response"');
      const lake = await lakeText(backend.lake);
      // The scan reads the raw pages' content (their request URLs), not just object names.
      expect(lake).toContain(provider === 'alpaca' ? '/v2/stocks/bars?' : '/v2/aggs/ticker/AAPL/range/1/day/');
      const written = [
        lake,
        JSON.stringify(ledger),
        logs,
        JSON.stringify([first.json, again.json, refetch.json, incremental.json]),
      ].join('\n');
      for (const secret of secretsOf(provider, replay)) expect(written).not.toContain(secret);
    } finally {
      restore();
    }
  });

  it(`answers 500 naming the missing ${provider} key(s) with every other config problem, before any request`, async () => {
    const missing = provider === 'alpaca' ? ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] : ['POLYGON_API_KEY'];
    const { restore } = await setUp({
      ...Object.fromEntries(missing.map((name) => [name, undefined])),
      PRICES_LAG_DAYS: 'soon',
    });
    try {
      const { result: answer } = await capturingStdout(() => fn.post({}));
      expect(answer.status).toBe(500);
      expect(answer.json).toMatchObject({ status: 'failed', error: { class: 'ConfigError', retriable: false } });
      for (const name of [...missing, 'PRICES_LAG_DAYS']) expect(answer.json.error.message).toContain(`${name}: `);
      for (const name of missing)
        expect(answer.json.error.message).toContain(`${name}: is required when PRICES_PROVIDER=${provider}`);
      expect(replay.requests.count()).toBe(0);
    } finally {
      restore();
    }
  });

  it(`fails terminally on a key ${provider} refuses, and says so without echoing it`, async () => {
    const wrong =
      provider === 'alpaca' ? { APCA_API_SECRET_KEY: 'not-the-secret-xyz' } : { POLYGON_API_KEY: 'not-the-key-xyz' };
    const { restore } = await setUp(wrong);
    try {
      const { result: answer, output } = await capturingStdout(() =>
        fn.post({ mode: 'backfill', from: yearsBefore(replay.today, 1), tickers: options.tickers.slice(0, 1) }),
      );
      expect(answer.status).toBe(200);
      expect(answer.json).toMatchObject({ status: 'failed', error: { class: 'AuthError', retriable: false } });
      expect(`${output}${JSON.stringify(answer.json)}`).not.toContain('xyz');
    } finally {
      restore();
    }
  });
}
