/**
 * The first scheduled prices run (a backfill since 2022 cannot fit one call), through the prices function's own handler
 * against the replay server: tickers with no history, a short run time budget (RUN_TIME_BUDGET_S),
 * called until done. Each call stops starting slices when its budget ends and says so (ledger
 * `partial` with its deferred slices, HTTP 200 with `resume`); the next call goes on from there;
 * at the end prices_daily holds the replay's series exactly, with no gap and no duplicate.
 *
 * The budget is spent on an injected clock that only the replay server's answers move (STEP_S per
 * request; one request per slice here, one slice at a time), so which slices start before the
 * budget ends is exact on a loaded machine too: ceil(BUDGET_S / STEP_S) per call.
 */
import * as functions from '@google-cloud/functions-framework';
import { expectedPriceBars, startPriceReplayServer, type PriceReplayServer } from '../../dev/replay';
import { createPricesHandler } from '../../functions/prices';
import type { PriceBar } from '../../shared/schemas/price-bar';
import type { PriceCursor } from '../../shared/sources/prices/cursor';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, startFunction, useEnvironment, yearsBefore, type E2eBackend } from './prices-harness';

export interface BudgetScenarioOptions {
  tickers: readonly string[];
  /** Years of history before the replay's today (PRICES_BACKFILL_FROM), in 12-month slices. */
  years: number;
  /** Calls the history takes at least (with SLICES_PER_CALL slices each), the last one included. */
  minCalls: number;
  makeBackend(): Promise<E2eBackend>;
}

const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

/** Seconds of the run clock each replay answer takes. */
const STEP_S = 10;
/** RUN_TIME_BUDGET_S of every call: slices start at 0, 10 and 20 s; the one due at 30 s does not. */
const BUDGET_S = 25;
const SLICES_PER_CALL = Math.ceil(BUDGET_S / STEP_S);

const BAR_COLUMNS = 'ticker, date, open, high, low, close, adj_close, volume, source';

const table = (warehouse: Warehouse, name: string) => (warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name));

function expectedBars(tickers: readonly string[], from: string, today: string): PriceBar[] {
  return tickers
    .flatMap((ticker) => expectedPriceBars({ source: 'yahoo', ticker, from, to: today, today }))
    .sort((a, b) => (a.ticker === b.ticker ? a.date.localeCompare(b.date) : a.ticker < b.ticker ? -1 : 1));
}

/** Registers the scenarios in the calling describe block. */
export function pricesBudgetScenarios(options: BudgetScenarioOptions): void {
  let replay: PriceReplayServer;
  let fn: Awaited<ReturnType<typeof startFunction>>;
  let clockBaseMs = 0;
  const backends: E2eBackend[] = [];

  beforeAll(async () => {
    replay = await startPriceReplayServer();
    // The prices function's handler with the run clock injected: noon in New York on the replay's
    // today, plus STEP_S for every answer the replay server has given.
    functions.http(
      'pricesBudgetClock',
      createPricesHandler({ now: () => new Date(clockBaseMs + replay.requests.count() * STEP_S * 1000) }),
    );
    fn = await startFunction(getTestServer('pricesBudgetClock'));
  });
  afterAll(async () => {
    await fn?.stop();
    await replay?.stop();
    for (const backend of backends) await backend.cleanup();
  });

  async function setUp(): Promise<{ backend: E2eBackend; restore: () => void; from: string }> {
    const backend = await options.makeBackend();
    backends.push(backend);
    replay.faults.clear();
    replay.requests.clear();
    clockBaseMs = Date.parse(`${replay.today}T17:00:00Z`);
    const from = yearsBefore(replay.today, options.years);
    const restore = useEnvironment({
      ...backend.env,
      PRICES_PROVIDER: 'yahoo',
      YAHOO_BASE_URL: replay.baseUrl,
      PRICES_WATCHLIST: options.tickers.join(','),
      PRICES_BACKFILL_FROM: from,
      PRICES_LAG_DAYS: '5',
      PRICES_SLICE_MONTHS: '12',
      PIPELINE_CONCURRENCY: '1',
      RUN_TIME_BUDGET_S: String(BUDGET_S),
      HTTP_MAX_RETRIES: '0',
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
    });
    return { backend, restore, from };
  }

  /**
   * Calls the function with `body` until a run succeeds, checking every call's answer and ledger
   * row on the way. Returns the answers, in order.
   */
  async function callUntilDone(backend: E2eBackend, body: unknown, maxCalls: number): Promise<any[]> {
    const answers: any[] = [];
    for (let call = 1; call <= maxCalls; call++) {
      const requestsBefore = replay.requests.count();
      const answer = await fn.post(body);
      expect(answer.status).toBe(200);
      const run = answer.json;
      answers.push(run);
      const started = replay.requests.count() - requestsBefore;
      const ledger = await withWarehouse(backend, (w) =>
        w.query<Record<string, unknown>>(
          `SELECT status, slices_total, slices_failed, slices_deferred, error_class, finished_at FROM ${table(w, 'ingestion_runs')} WHERE run_id = @id`,
          { id: run.runId },
        ),
      );
      expect(ledger).toHaveLength(1);
      if (run.status === 'succeeded') {
        expect(run.slices).toMatchObject({ failed: 0, deferred: 0 });
        expect(run.resume).toBeUndefined();
        expect(ledger[0]).toMatchObject({ status: 'succeeded', slices_deferred: 0, error_class: null });
        return answers;
      }
      // A stopped call: it started slices for exactly as long as its budget lasted, landed them,
      // and says how many it left and what goes on with them; it is partial, not failed.
      expect(run).toMatchObject({ status: 'partial', slices: { failed: 0, succeeded: SLICES_PER_CALL } });
      expect(started).toBe(SLICES_PER_CALL);
      expect(run.slices.deferred).toBeGreaterThan(0);
      expect(run.error).toBeUndefined();
      expect(run.resume).toEqual({
        reason: 'time_budget',
        budgetS: BUDGET_S,
        slicesLeft: run.slices.deferred,
        next: expect.any(String),
      });
      expect(run.sliceReports.filter((r: { status: string }) => r.status === 'deferred')).toHaveLength(
        run.slices.deferred,
      );
      expect(ledger[0]).toMatchObject({
        status: 'partial',
        slices_total: run.slices.total,
        slices_failed: 0,
        slices_deferred: run.slices.deferred,
        error_class: null,
      });
      expect(ledger[0]!.finished_at).not.toBeNull();
    }
    throw new Error(`no call of ${maxCalls} finished the work`);
  }

  async function expectExactSeries(backend: E2eBackend, expected: readonly PriceBar[]): Promise<void> {
    const stored = await withWarehouse(backend, (w) =>
      w.query<PriceBar>(`SELECT ${BAR_COLUMNS} FROM ${table(w, 'prices_daily')} ORDER BY ticker, date`),
    );
    expect(stored).toEqual(expected);
    const twice = await withWarehouse(backend, (w) =>
      w.query(`SELECT ticker, date FROM ${table(w, 'prices_daily')} GROUP BY ticker, date HAVING COUNT(*) > 1`),
    );
    expect(twice).toEqual([]);
  }

  it('the first scheduled run of tickers without history goes on over several budget-stopped calls, with no gap and no duplicate', async () => {
    const { backend, restore, from } = await setUp();
    try {
      const expected = expectedBars(options.tickers, from, replay.today);
      const answers = await callUntilDone(backend, { mode: 'incremental' }, 10);
      expect(answers.length).toBeGreaterThanOrEqual(options.minCalls);
      expect(
        answers
          .slice(0, -1)
          .every((run) => run.status === 'partial' && run.resume.next.includes('next incremental run')),
      ).toBe(true);

      await expectExactSeries(backend, expected);
      // Every bar was inserted once; re-reads of the lag window only updated rows.
      expect(answers.reduce((sum, run) => sum + run.merged.inserted, 0)).toBe(expected.length);
      // No call fetched a range an earlier call had fetched: each went on where the last stopped.
      const asked = replay.requests.all().map((r) => r.pathAndQuery);
      expect(new Set(asked).size).toBe(asked.length);

      // Each ticker's cursor spans its whole series.
      const cursors = await withWarehouse(backend, (w) =>
        w.query<{ scope: string; cursor: string }>(
          `SELECT c.scope, c.cursor FROM ${table(w, 'pipeline_cursors')} AS c JOIN (SELECT scope, MAX(updated_at) AS latest FROM ${table(w, 'pipeline_cursors')} WHERE pipeline = 'prices' GROUP BY scope) AS l ON l.scope = c.scope AND l.latest = c.updated_at WHERE c.pipeline = 'prices' ORDER BY c.scope`,
        ),
      );
      expect(cursors.map((c) => [c.scope, (JSON.parse(c.cursor) as PriceCursor).tickers[c.scope]])).toEqual(
        [...options.tickers].sort().map((ticker) => {
          const dates = expected.filter((b) => b.ticker === ticker).map((b) => b.date);
          return [ticker, { firstDate: dates[0], lastDate: dates.at(-1) }];
        }),
      );
      // The ledger holds every call, none left running; the indicators cover every stored bar.
      const ledger = await withWarehouse(backend, (w) =>
        w.query<{ run_id: string; status: string }>(
          `SELECT run_id, status FROM ${table(w, 'ingestion_runs')} ORDER BY started_at`,
        ),
      );
      expect(ledger.map((r) => [r.run_id, r.status])).toEqual(answers.map((run) => [run.runId, run.status]));
      const indicators = await withWarehouse(backend, (w) =>
        w.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table(w, 'price_indicators')}`),
      );
      expect(Number(indicators[0]!.n)).toBe(expected.length);
    } finally {
      restore();
    }
  });

  it('a backfill its budget stops is finished by calling it again: each slice fetched and marked once', async () => {
    const { backend, restore, from } = await setUp();
    try {
      const expected = expectedBars(options.tickers, from, replay.today);
      const body = { mode: 'backfill', from, to: replay.today, tickers: options.tickers, backfillId: 'first-history' };
      const answers = await callUntilDone(backend, body, 10);
      expect(answers.length).toBeGreaterThanOrEqual(options.minCalls);
      const total = answers[0].slices.total;
      // Each call skips what the earlier ones finished.
      expect(answers.map((run) => run.slices.skipped)).toEqual(
        answers.map((_, i) => Math.min(i * SLICES_PER_CALL, total)),
      );
      expect(answers[0].resume.next).toContain("backfillId 'first-history'");

      await expectExactSeries(backend, expected);
      const asked = replay.requests.all().map((r) => r.pathAndQuery);
      expect(asked).toHaveLength(total);
      expect(new Set(asked).size).toBe(total);
      const marks = await withWarehouse(backend, (w) =>
        w.query<{ slice_id: string; n: number }>(
          `SELECT slice_id, COUNT(*) AS n FROM ${table(w, 'backfill_slices')} WHERE backfill_id = 'first-history' GROUP BY slice_id`,
        ),
      );
      expect(marks).toHaveLength(total);
      expect(marks.every((m) => Number(m.n) === 1)).toBe(true);
      const succeeded = answers.flatMap((run) =>
        run.sliceReports.filter((r: { status: string }) => r.status === 'succeeded').map((r: { id: string }) => r.id),
      );
      expect(marks.map((m) => m.slice_id).sort()).toEqual([...succeeded].sort());
    } finally {
      restore();
    }
  });
}
