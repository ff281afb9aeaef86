/**
 * The run loop's time budget on DuckDB + a local lake, with a small in-test source whose every
 * page moves an injected clock on by PAGE_S seconds (so what starts before the budget ends is
 * exact, whatever the machine's load): once the budget has ended no slice or follow-up starts,
 * the slices in flight still land, the run is recorded `partial` with its deferred slices, and
 * the next call goes on from the stored cursors (incremental) or the backfill marks (backfill).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createLocalDirLake } from '../../lake';
import type { Lake } from '../../lake/types';
import { createSilentLogger } from '../../log';
import { createWarehouse } from '../../warehouse';
import type { TableDef, Warehouse } from '../../warehouse/types';
import type { RawPage, Source } from '../../sources/types';
import { bindSource } from './bound-source';
import { runPipeline } from './run';
import { startRunBudget } from './run-budget';
import type { PipelineDefinition, RunDeps, RunRequest, Slice } from './types';

jest.setTimeout(60_000);

/** Seconds of the injected clock each page takes. */
const PAGE_S = 10;
const SCOPES = ['s0', 's1', 's2', 's3', 's4'];

interface Cursor {
  scope: string;
  done: boolean;
  /** Ask for one follow-up slice after this one. */
  more?: boolean;
}
interface Row {
  id: string;
  day: string;
}
const Wire = z.object({ items: z.array(z.object({ id: z.string(), day: z.string() })) });
type Wire = z.infer<typeof Wire>;

const items: TableDef = {
  name: 'budget_items',
  description: 'Items of the time-budget test.',
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'id' },
    { name: 'day', type: 'DATE', required: true, description: 'day' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'ingested_at' },
  ],
  key: ['id'],
  partitionField: 'day',
};

/** A clock that only the source's pages move. */
function virtualClock(): { now: () => Date; advance(seconds: number): void } {
  let ms = Date.parse('2026-12-07T15:00:00.000Z');
  return { now: () => new Date(ms), advance: (seconds) => void (ms += seconds * 1000) };
}

function definition(clock: ReturnType<typeof virtualClock>, fetched: string[]): PipelineDefinition<Cursor, Row, Row> {
  const source: Source<Cursor, Wire, Row> = {
    name: 'budget',
    wire: Wire,
    keys: ['id'],
    async *pages(cursor): AsyncIterable<RawPage> {
      // The page "arrives" after the other lanes have had their turn, as a real request would:
      // every slice a lane starts in the same tick sees the clock before any page moved it.
      await new Promise((resolve) => setImmediate(resolve));
      fetched.push(cursor.scope);
      clock.advance(PAGE_S);
      yield {
        source: 'budget',
        request: { method: 'GET', url: `memory://${cursor.scope}`, params: {} },
        status: 200,
        receivedAt: clock.now().toISOString(),
        body: { items: [{ id: cursor.scope, day: '2026-12-01' }] },
      };
    },
    normalize: (wire) => ({ rows: wire.items, problems: [], skipped: {} }),
    nextCursor: (cursor) => ({ scope: cursor.scope, done: true }),
  };
  return {
    name: 'budget-test',
    source: bindSource(source, { http: undefined as never, log: createSilentLogger(), now: clock.now, config: {} }),
    table: items,
    tables: [items],
    today: () => '2026-12-07',
    resolve: (request) => request,
    // Incremental: the scopes without a stored cursor. Backfill: every scope (the loop skips the done ones).
    plan: (request, cursors) =>
      SCOPES.filter((scope) => request.mode === 'backfill' || cursors.get(scope) === undefined).map((scope) => ({
        id: scope,
        scope,
        cursor: { scope, done: false, more: scope === 's0' },
        from: '2026-12-01',
        to: '2026-12-01',
      })),
    validate: (rows) => ({ valid: [...rows], rejected: [] }),
    toWarehouseRow: (row, ingestedAt) => ({ id: row.id, day: row.day, ingested_at: ingestedAt }),
    advance: (_stored, next) => next,
    followUp: (outcome): Slice<Cursor>[] =>
      outcome.slice.cursor.more
        ? [
            {
              id: `${outcome.slice.id}:more`,
              scope: `${outcome.slice.scope}-more`,
              cursor: { scope: `${outcome.slice.scope}-more`, done: false },
            },
          ]
        : [],
  };
}

describe('run loop time budget (DuckDB + local lake)', () => {
  let dir: string;
  let warehouse: Warehouse;
  let lake: Lake;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'run-budget-'));
    warehouse = await createWarehouse({
      backend: 'duckdb',
      duckdbPath: join(dir, 'w.duckdb'),
      dataset: 'unused',
      location: 'US',
    });
    lake = createLocalDirLake({ root: join(dir, 'lake') });
  });
  afterEach(async () => {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One call: a fresh budget of `budgetS` starting now on `clock`. */
  function call(
    clock: ReturnType<typeof virtualClock>,
    fetched: string[],
    request: RunRequest,
    budgetS: number,
    extra: Partial<RunDeps> = {},
  ) {
    return runPipeline(definition(clock, fetched), request, {
      lake,
      warehouse,
      log: createSilentLogger(),
      now: clock.now,
      concurrency: 1,
      budget: startRunBudget(budgetS, clock.now()),
      ...extra,
    });
  }

  const ledger = async (runId: string) =>
    (
      await warehouse.query<Record<string, unknown>>(
        'SELECT status, slices_total, slices_failed, slices_deferred, error_class FROM ingestion_runs WHERE run_id = @id',
        { id: runId },
      )
    )[0];
  const storedIds = async () =>
    (await warehouse.query<{ id: string }>('SELECT id FROM budget_items ORDER BY id')).map((r) => r.id);

  it('starts slices only before the budget ends; the next incremental call does exactly the ones left', async () => {
    const clock = virtualClock();
    const fetched: string[] = [];
    // Pages at t = 0, 10, 20 start before 25 s; the slice due at 30 s does not, nor any after it.
    const first = await call(clock, fetched, { mode: 'incremental', trigger: 'schedule' }, 25);
    expect(first).toMatchObject({
      status: 'partial',
      slices: { total: 6, succeeded: 3, failed: 0, skipped: 0, deferred: 3 },
      records: { in: 3, valid: 3 },
    });
    expect(first.error).toBeUndefined();
    expect(first.resume).toEqual({
      reason: 'time_budget',
      budgetS: 25,
      slicesLeft: 3,
      next: expect.stringContaining('next incremental run'),
    });
    // s0's follow-up was planned in the first wave, and deferred in the second like any slice.
    expect(first.sliceReports.map((r) => [r.id, r.status])).toEqual([
      ['s0', 'succeeded'],
      ['s1', 'succeeded'],
      ['s2', 'succeeded'],
      ['s3', 'deferred'],
      ['s4', 'deferred'],
      ['s0:more', 'deferred'],
    ]);
    expect(fetched).toEqual(['s0', 's1', 's2']);
    expect(await ledger(first.runId)).toEqual({
      status: 'partial',
      slices_total: 6,
      slices_failed: 0,
      slices_deferred: 3,
      error_class: null,
    });
    expect(Object.keys(first.cursorAfter).sort()).toEqual(['s0', 's1', 's2']);

    const second = await call(clock, fetched, { mode: 'incremental', trigger: 'schedule' }, 25);
    expect(second).toMatchObject({ status: 'succeeded', slices: { total: 2, succeeded: 2, deferred: 0 } });
    expect(second.resume).toBeUndefined();
    expect(await ledger(second.runId)).toEqual({
      status: 'succeeded',
      slices_total: 2,
      slices_failed: 0,
      slices_deferred: 0,
      error_class: null,
    });
    expect(fetched).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(await storedIds()).toEqual(SCOPES);
  });

  it('lets the slices in flight when the budget ends finish and land', async () => {
    const clock = virtualClock();
    const fetched: string[] = [];
    // Three lanes start s0-s2 at t = 0; their pages move the clock past the 5 s budget while in flight.
    const run = await call(clock, fetched, { mode: 'incremental', trigger: 'http' }, 5, { concurrency: 3 });
    expect(run).toMatchObject({ status: 'partial', slices: { succeeded: 3, deferred: 3 }, merged: { inserted: 3 } });
    expect(await storedIds()).toEqual(['s0', 's1', 's2']);
    expect(fetched.sort()).toEqual(['s0', 's1', 's2']);
  });

  it('a backfill stopped by its budget is finished by running it again under the same id, each slice marked once', async () => {
    const clock = virtualClock();
    const fetched: string[] = [];
    const request: RunRequest = { mode: 'backfill', trigger: 'http', backfillId: 'history' };
    const first = await call(clock, fetched, request, 15);
    expect(first).toMatchObject({ status: 'partial', slices: { succeeded: 2, deferred: 4 } });
    expect(first.resume?.next).toBe(
      "run this backfill again with backfillId 'history': the slices this and earlier runs finished are skipped",
    );
    const second = await call(clock, fetched, request, 15);
    expect(second).toMatchObject({ status: 'partial', slices: { skipped: 2, succeeded: 2, deferred: 1 } });
    const third = await call(clock, fetched, request, 1000);
    expect(third).toMatchObject({ status: 'succeeded', slices: { skipped: 4, succeeded: 1, deferred: 0 } });
    expect(fetched).toEqual(SCOPES);
    const marks = await warehouse.query<{ slice_id: string; n: number }>(
      "SELECT slice_id, COUNT(*)::INTEGER AS n FROM backfill_slices WHERE backfill_id = 'history' GROUP BY slice_id ORDER BY slice_id",
    );
    expect(marks).toEqual(SCOPES.map((id) => ({ slice_id: id, n: 1 })));
    expect(await storedIds()).toEqual(SCOPES);
  });

  it('a call whose budget ended before the run began starts nothing and says so', async () => {
    const clock = virtualClock();
    const fetched: string[] = [];
    const budget = startRunBudget(30, clock.now());
    clock.advance(30);
    const run = await runPipeline(
      definition(clock, fetched),
      { mode: 'incremental', trigger: 'http' },
      { lake, warehouse, log: createSilentLogger(), now: clock.now, budget },
    );
    expect(run).toMatchObject({
      status: 'partial',
      slices: { total: 5, succeeded: 0, deferred: 5 },
      records: { in: 0 },
    });
    expect(fetched).toEqual([]);
    expect(await ledger(run.runId)).toMatchObject({ status: 'partial', slices_deferred: 5 });
  });

  it('without a budget (a pipeline the registry does not know, none passed) every slice runs', async () => {
    const clock = virtualClock();
    const fetched: string[] = [];
    const run = await runPipeline(
      definition(clock, fetched),
      { mode: 'incremental', trigger: 'http' },
      { lake, warehouse, log: createSilentLogger(), now: clock.now },
    );
    expect(run).toMatchObject({ status: 'succeeded', slices: { total: 6, succeeded: 6, deferred: 0 } });
  });
});
