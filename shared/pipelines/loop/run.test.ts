/**
 * The run loop's branches that the scenario suites do not reach, fast: a tiny source defined here
 * (pages made in memory) over a real local-dir lake in a temporary folder and a real in-memory
 * DuckDB warehouse. The wave cap, a lander failure, a throwing progress callback, an accounting
 * imbalance, a failing after-run step, an abort after a committed slice and a failing cursor
 * write each end the run as the loop's contract says.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { createHttpClient } from '../../http/client';
import { createLocalDirLake } from '../../lake';
import type { Lake } from '../../lake/types';
import { createLogger } from '../../log';
import type { Logger } from '../../log/types';
import type { RawPage, Source } from '../../sources/types';
import { createWarehouse } from '../../warehouse';
import type { TableDef, Warehouse } from '../../warehouse/types';
import { bindSource } from './bound-source';
import { finishRun } from './finish-run';
import { touch } from './partition-day';
import { MAX_WAVES, runPipeline } from './run';
import { settle } from './run-state';
import { sliceReport } from './slice-report';
import { startRun } from './start-run';
import type { PipelineDefinition, RunDeps, RunProgress, RunRequest, Slice } from './types';

interface Cursor {
  /** Pages read so far in this scope. */
  read: number;
}
interface Row {
  id: string;
  day: string;
}
const Wire = z.object({ items: z.array(z.object({ id: z.string(), day: z.string() })) });
type Wire = z.infer<typeof Wire>;

const items: TableDef = {
  name: 'loop_items',
  description: 'Items of the run loop unit tests.',
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'id' },
    { name: 'day', type: 'DATE', required: true, description: 'day' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'ingested_at' },
  ],
  key: ['id'],
  partitionField: 'day',
};

const INCREMENTAL: RunRequest = { mode: 'incremental', trigger: 'manual' };
const DAY = '2026-03-02';

/** One page per slice holding one item named after the slice; `beforePage` may hold the page back. */
function fakeSource(
  beforePage: (slice: string) => Promise<void> = async () => {},
): Source<Cursor & { slice: string }, Wire, Row> {
  return {
    name: 'fake',
    wire: Wire,
    keys: ['id'],
    async *pages(cursor, ctx): AsyncIterable<RawPage> {
      await beforePage(cursor.slice);
      yield {
        source: 'fake',
        request: { method: 'GET', url: `memory://${cursor.slice}`, params: {} },
        status: 200,
        receivedAt: ctx.now().toISOString(),
        body: { items: [{ id: cursor.slice, day: DAY }] },
      };
    },
    normalize: (wire) => ({ rows: wire.items, problems: [], skipped: {} }),
    nextCursor: (cursor) => ({ slice: cursor.slice, read: cursor.read + 1 }),
  };
}

type TestCursor = Cursor & { slice: string };

/** A definition over `fakeSource` planning one slice per id of `slices` (scope = id), with `extra` members. */
function definition(
  slices: readonly string[],
  extra: Partial<PipelineDefinition<TestCursor, Row, Row>> = {},
  beforePage?: (slice: string) => Promise<void>,
): PipelineDefinition<TestCursor, Row, Row> {
  const now = () => new Date(`${DAY}T12:00:00Z`);
  // Never asked for a page: the fake source reads no network.
  const http = createHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, maxRetries: 0 });
  return {
    name: 'loop-test',
    source: bindSource(fakeSource(beforePage), {
      http,
      log: createLogger({ level: 'error', format: 'json', write: () => {} }),
      now,
      config: {},
    }),
    table: items,
    tables: [items],
    today: () => DAY,
    resolve: (request) => request,
    plan: (_request, cursors) =>
      slices.map((id): Slice<TestCursor> => ({
        id,
        scope: id,
        cursor: { slice: id, read: cursors.get(id)?.read ?? 0 },
      })),
    validate: (rows) => ({ valid: [...rows], rejected: [] }),
    toWarehouseRow: (row, ingestedAt) => ({ id: row.id, day: row.day, ingested_at: ingestedAt }),
    advance: (_stored, next) => next,
    ...extra,
  };
}

/** A real logger whose lines are kept as objects. */
function recordingLogger(): { log: Logger; lines: { message: string; [field: string]: unknown }[] } {
  const lines: { message: string }[] = [];
  return {
    log: createLogger({
      level: 'debug',
      format: 'json',
      write: (line) => void lines.push(JSON.parse(line) as { message: string }),
    }),
    lines,
  };
}

describe('run loop branches (local-dir lake + in-memory DuckDB)', () => {
  let dir: string;
  let lake: Lake;
  let warehouse: Warehouse;
  let clock: number;
  const now = () => new Date((clock += 1000));

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'run-loop-'));
    lake = createLocalDirLake({ root: join(dir, 'lake') });
    warehouse = await createWarehouse({ backend: 'duckdb', duckdbPath: ':memory:', dataset: 'unused', location: 'US' });
    clock = Date.parse(`${DAY}T12:00:00Z`);
  });
  afterEach(async () => {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const deps = (extra: Partial<RunDeps> = {}): RunDeps => ({
    lake,
    warehouse,
    log: recordingLogger().log,
    now,
    concurrency: 2,
    ...extra,
  });
  const ids = async () =>
    (await warehouse.query<{ id: string }>(`SELECT id FROM ${items.name} ORDER BY id`)).map((r) => r.id);
  const ledger = async (runId: string) =>
    (
      await warehouse.query<{ status: string; error_class: string | null }>(
        'SELECT status, error_class FROM ingestion_runs WHERE run_id = @runId',
        { runId },
      )
    )[0];

  it(`stops asking for follow-ups after ${MAX_WAVES} waves and says which were left undone`, async () => {
    const { log, lines } = recordingLogger();
    // Every slice asks for one more: a definition that never stops.
    const followUp = (outcome: { slice: Slice<TestCursor> }): Slice<TestCursor>[] => {
      const id = `${outcome.slice.id}+`;
      return [{ id, scope: id, cursor: { slice: id, read: 0 } }];
    };
    const summary = await runPipeline(definition(['w'], { followUp }), INCREMENTAL, deps({ log }));

    expect(summary.sliceReports.map((r) => [r.id, r.status])).toEqual([
      ['w', 'succeeded'],
      ['w+', 'succeeded'],
      ['w++', 'succeeded'],
    ]);
    expect(await ids()).toEqual(['w', 'w+', 'w++']);
    expect(lines.find((l) => l.message === 'follow-up slices left undone: too many waves')).toMatchObject({
      slices: ['w+++'],
    });
    expect(summary.status).toBe('succeeded');
  });

  it('fails every slice of a group the lander cannot write, stores no cursor and still reports each', async () => {
    // The lake's root is a file: every write of the group fails.
    writeFileSync(join(dir, 'not-a-folder'), '');
    const progress: RunProgress[] = [];
    const summary = await runPipeline(
      definition(['a', 'b']),
      INCREMENTAL,
      deps({ lake: createLocalDirLake({ root: join(dir, 'not-a-folder') }), onProgress: (p) => progress.push(p) }),
    );

    expect(summary.status).toBe('failed');
    // Pages were read, but no record reached the warehouse: none is counted.
    expect(summary.sliceReports).toEqual(
      ['a', 'b'].map((id) => ({
        id,
        scope: id,
        status: 'failed',
        recordsIn: 0,
        valid: 0,
        quarantined: 0,
        skipped: 0,
        pages: 1,
        error: expect.objectContaining({
          class: 'StorageError',
          message: expect.stringContaining('local lake put raw/fake/'),
        }),
      })),
    );
    expect(summary.error).toEqual(summary.sliceReports[0]!.error);
    expect(summary.cursorAfter).toEqual({});
    expect(summary.merged).toEqual({ inserted: 0, updated: 0 });
    expect(await ids()).toEqual([]);
    expect(progress.map((p) => [p.done, p.total, p.report.status])).toEqual([
      [1, 2, 'failed'],
      [2, 2, 'failed'],
    ]);
    expect(await ledger(summary.runId)).toEqual({ status: 'failed', error_class: 'StorageError' });
  });

  it('goes on when the progress callback throws, and logs it', async () => {
    const { log, lines } = recordingLogger();
    let calls = 0;
    const onProgress = () => {
      calls += 1;
      throw new Error('progress bar broke');
    };
    const summary = await runPipeline(definition(['a', 'b']), INCREMENTAL, deps({ log, onProgress }));

    expect(summary.status).toBe('succeeded');
    expect(calls).toBe(2);
    expect(summary.cursorAfter).toEqual({ a: { slice: 'a', read: 1 }, b: { slice: 'b', read: 1 } });
    expect(lines.filter((l) => l.message === 'progress callback failed')).toHaveLength(2);
  });

  it('fails a run whose records do not add up, and skips its after-run work', async () => {
    // Reached only through a bug in the loop's own bookkeeping, which this plants: the step is
    // handed a state whose report reads 2 records and accounts for 1.
    const { log, lines } = recordingLogger();
    const afterRuns: unknown[] = [];
    const def = definition(['a'], { afterRun: async (touched) => void afterRuns.push(touched) });
    const state = await startRun(def, INCREMENTAL, deps({ log }));
    settle(
      state,
      0,
      sliceReport(
        { id: 'a', scope: 'a' },
        { status: 'succeeded', counts: { recordsIn: 2, valid: 1, quarantined: 0, skipped: 0, pages: 1 } },
      ),
    );
    touch(state.touched, 'a', DAY, DAY);
    const summary = await finishRun(state);

    expect(summary.status).toBe('failed');
    expect(summary.error).toEqual({
      class: 'AccountingError',
      message: 'records in (2) != valid (1) + quarantined (0) + skipped (0)',
      retriable: false,
    });
    expect(afterRuns).toEqual([]);
    expect(lines.find((l) => l.message === 'run accounting does not balance')).toMatchObject({
      records: { in: 2, valid: 1, quarantined: 0, skipped: 0 },
    });
    expect(await ledger(summary.runId)).toEqual({ status: 'failed', error_class: 'AccountingError' });

    // Balanced reports, but fewer records in the quarantine file than they count as quarantined.
    const again = await startRun(definition(['q']), INCREMENTAL, deps());
    settle(
      again,
      0,
      sliceReport(
        { id: 'q', scope: 'q' },
        { status: 'succeeded', counts: { recordsIn: 1, valid: 0, quarantined: 1, skipped: 0, pages: 1 } },
      ),
    );
    const quarantine = await finishRun(again);
    expect(quarantine.status).toBe('failed');
    expect(quarantine.error).toEqual({
      class: 'AccountingError',
      message: 'records in (1) != valid (0) + quarantined (0) + skipped (0)',
      retriable: false,
    });
  });

  it('marks the run partial when its after-run step fails, keeping what landed', async () => {
    const { log, lines } = recordingLogger();
    const touchedSeen: unknown[] = [];
    const afterRun = async (touched: ReadonlyMap<string, unknown>) => {
      touchedSeen.push(Object.fromEntries(touched));
      throw new Error('indicators broke');
    };
    const summary = await runPipeline(definition(['a', 'b'], { afterRun }), INCREMENTAL, deps({ log }));

    expect(summary.status).toBe('partial');
    expect(summary.error).toEqual({ class: 'Error', message: 'indicators broke', retriable: false });
    expect(summary.sliceReports.map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
    expect(touchedSeen).toEqual([{ a: { from: DAY, to: DAY }, b: { from: DAY, to: DAY } }]);
    expect(await ids()).toEqual(['a', 'b']);
    expect(lines.find((l) => l.message === 'after-run step failed')).toMatchObject({
      error: { class: 'Error', message: 'indicators broke' },
    });
    expect(await ledger(summary.runId)).toEqual({ status: 'partial', error_class: 'Error' });
  });

  it('after an abort at a committed slice: later slices of its group land but are not committed, later ones do not start', async () => {
    // Two groups (DEFAULT_GROUP_SLICES is 500): s000..s499, then s500 and s501. One lane, so s501
    // starts after s500 ended; s500 waits until the abort happened.
    const slices = Array.from({ length: 502 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    let aborted!: () => void;
    const abortSeen = new Promise<void>((resolve) => (aborted = resolve));
    const followUp = (outcome: { slice: Slice<TestCursor> }): Slice<TestCursor>[] => [
      { id: `${outcome.slice.id}+`, scope: 'more', cursor: { slice: 'more', read: 0 } },
    ];
    const afterRuns: unknown[] = [];
    const def = definition(slices, { followUp, afterRun: async () => void afterRuns.push('ran') }, (slice) =>
      slice === 's500' ? abortSeen : Promise.resolve(),
    );
    const onSliceCommitted = (slice: Slice<unknown>) => {
      aborted();
      throw new Error(`simulated crash after ${slice.id}`);
    };
    const summary = await runPipeline(def, INCREMENTAL, deps({ concurrency: 1, onSliceCommitted }));

    expect(summary.status).toBe('failed');
    expect(summary.error).toEqual({ class: 'Error', message: 'simulated crash after s000', retriable: false });
    const byId = new Map(summary.sliceReports.map((r) => [r.id, r]));
    expect(byId.get('s000')).toMatchObject({ status: 'succeeded', valid: 1 });
    // Landed with their group, so counted, but failed: their cursors did not move.
    expect(byId.get('s001')).toMatchObject({
      status: 'failed',
      valid: 1,
      pages: 1,
      error: { message: 'simulated crash after s000' },
    });
    expect(byId.get('s500')).toMatchObject({ status: 'failed', valid: 1, pages: 1 });
    // Not started at all.
    expect(byId.get('s501')).toMatchObject({
      status: 'failed',
      valid: 0,
      pages: 0,
      error: { message: 'simulated crash after s000' },
    });
    expect(summary.sliceReports).toHaveLength(502);
    expect(summary.cursorAfter).toEqual({ s000: { slice: 's000', read: 1 } });
    expect(afterRuns).toEqual([]);
    expect((await ids()).length).toBe(501);
  });

  it('fails the landed slices whose cursors cannot be stored, and plans none of their follow-ups', async () => {
    // (The run is partial, not failed: the slice's rows did land.)
    const { log, lines } = recordingLogger();
    const followUp = (): Slice<TestCursor>[] => [{ id: 'more', scope: 'more', cursor: { slice: 'more', read: 0 } }];
    // The cursor table goes away once the slices are committed: their cursor write fails.
    const onSliceCommitted = async () => void (await warehouse.query('DROP TABLE IF EXISTS pipeline_cursors'));
    const summary = await runPipeline(definition(['a'], { followUp }), INCREMENTAL, deps({ log, onSliceCommitted }));

    expect(summary.sliceReports).toEqual([
      expect.objectContaining({
        id: 'a',
        status: 'failed',
        valid: 1,
        error: expect.objectContaining({ message: expect.stringMatching(/pipeline_cursors/) }),
      }),
    ]);
    expect(summary.status).toBe('partial');
    expect(summary.slices).toMatchObject({ total: 1, failed: 1 });
    expect(summary.cursorAfter).toEqual({});
    expect(lines.filter((l) => l.message === 'slice failed')).toHaveLength(1);
  });
});
