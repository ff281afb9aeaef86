/**
 * The generic run loop (STYLE.md "Run loop"; dlt's extract -> normalize -> load in miniature):
 *
 *   plan slices -> extract each slice, `concurrency` at a time (extract-slice.ts: pages -> wire ->
 *   normalize -> validate -> rows) -> per commit group of slices (commit-groups.ts) land the group
 *   (land-group.ts: raw object, quarantine, clean Parquet per partition day, one MERGE per table)
 *   -> each slice committed (onSliceCommitted) -> cursors and backfill marks (one batch each:
 *   cursor-keeper.ts, backfill-store.ts) -> follow-up slices -> afterRun (indicators) -> run
 *   status (run-status.ts) recorded in the ledger.
 *
 * Time budget (run-budget.ts): a slice, follow-ups included, starts only before the budget ends;
 * after that each slice left is reported `deferred` and not started, while the slices in flight
 * finish and land as usual. Slices start in start-day order, so a stopped run has started a
 * prefix of that order (per prices ticker, its earliest ranges), and its cursors and backfill
 * marks are exactly where the next call starts: the run is `partial` with a `resume` note (the
 * HTTP trigger answers 200: no retry at once, the next scheduled call goes on).
 * Follow-ups the budget defers are not planned again by the next call (as with MAX_WAVES): their
 * ids are in the deferred slice reports.
 *
 * Slices run in start-day order so a group's rows share partition days; a group's load overlaps
 * the next group's extraction. A failing slice stops only itself (its cursor does not advance, the
 * ledger keeps its error); the other slices go on. A slice is marked done only after its rows were
 * MERGEd and its cursor stored, so a crash never marks undone work done. The loop checks records
 * in = valid + quarantined + skipped itself.
 */
import { describeError, RunAbortedError } from './errors';
import { createBackfillStore } from './backfill-store';
import { byStartDay, chunk, DEFAULT_GROUP_MAX_ROWS, DEFAULT_GROUP_SLICES, groupName } from './commit-groups';
import { CursorKeeper } from './cursor-keeper';
import { createCursorStore } from './cursor-store';
import { abortedSlice, extractSlice, type Extracted } from './extract-slice';
import { createGroupLander } from './land-group';
import { createLakeWriter } from './lake-writer';
import { dayRange, touch, type TouchedDays } from './partition-day';
import { mapLimit } from './pool';
import { createRunLedger, ledgerTable } from './run-ledger';
import { budgetAllowsStart, registryBudget, resumeOf } from './run-budget';
import { runStatus, sliceCounts, tallyRecords } from './run-status';
import { assertBalanced } from './validate';
import { backfillSlices, pipelineCursors } from '../../warehouse/pipeline-tables';
import type { TableDef } from '../../warehouse/types';
import type { PipelineDefinition, RunDeps, RunRequest, RunSummary, Slice, SliceReport } from './types';

/** Follow-up waves (e.g. split re-fetches) allowed per run; a definition that keeps asking is cut off. */
const MAX_WAVES = 3;

/** A run id: `<pipeline>-<yyyymmddThhmmss>-<6 random>`, a valid lake name segment. */
export function defaultRunId(pipeline: string, at: Date, random: () => number = Math.random): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `${pipeline}-${stamp}-${random().toString(36).slice(2, 8).padEnd(6, '0')}`;
}

/** The backfill identity of a resolved request: the caller's, else `<from>_<to>`. */
export function backfillIdOf(request: RunRequest): string | undefined {
  if (request.mode !== 'backfill') return undefined;
  return request.backfillId ?? `${request.from ?? 'start'}_${request.to ?? 'today'}`;
}

function uniqueTables(defs: readonly TableDef[]): TableDef[] {
  const byName = new Map<string, TableDef>();
  for (const def of defs) if (!byName.has(def.name)) byName.set(def.name, def);
  return [...byName.values()];
}

/**
 * Runs `definition` for `request` and returns the summary. Never throws for a slice failure; it
 * rejects only when the run cannot even start (tables or ledger unreachable), after logging. The
 * ledger row is written at start (status running) and at the end.
 */
export async function runPipeline<Cursor, Wire, Row, Clean extends Row, Config>(
  definition: PipelineDefinition<Cursor, Wire, Row, Clean, Config>,
  input: RunRequest,
  deps: RunDeps,
): Promise<RunSummary> {
  const { warehouse, lake } = deps;
  const started = deps.now();
  const today = definition.today(started);
  const request = definition.resolve(input, today);
  const runId = request.runId ?? deps.newRunId?.() ?? defaultRunId(definition.name, started);
  const backfillId = backfillIdOf(request);
  const log = deps.log.child({ pipeline: definition.name, runId, mode: request.mode });
  const partitionField = definition.table.partitionField;
  const runDay = started.toISOString().slice(0, 10);
  const budget = deps.budget ?? registryBudget(definition.name, started);

  await warehouse.ensureTables(uniqueTables([...definition.tables, ledgerTable, pipelineCursors, backfillSlices]));
  const backfills = createBackfillStore(warehouse, definition.name, deps.now);
  const ledger = createRunLedger(warehouse);
  const cursorStore = createCursorStore<Cursor>(warehouse, definition.name, deps.now);
  const initial = await cursorStore.load();
  const cursors = new CursorKeeper(cursorStore, definition.advance, runId, initial);
  const planned = definition.plan(request, initial, today);
  const done = backfillId === undefined ? new Set<string>() : await backfills.done(backfillId);
  const scopesOf = (slices: readonly { scope: string }[]) => [...new Set(slices.map((s) => s.scope))].sort();
  const cursorBefore = Object.fromEntries(scopesOf(planned).filter((s) => initial.has(s)).map((s) => [s, initial.get(s)]));
  const startedAt = started.toISOString();
  await ledger.start({ runId, pipeline: definition.name, trigger: request.trigger, mode: request.mode, startedAt, cursorBefore });
  log.info('run started', { slices: planned.length, alreadyDone: done.size, backfillId, budgetS: budget?.seconds });

  // Wall time spent waiting on each kind of I/O (summed over lanes), logged with 'slices landed'.
  const spent: Record<string, number> = { raw: 0, clean: 0, merge: 0, bookkeeping: 0 };
  const timed = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      spent[what] = (spent[what] ?? 0) + performance.now() - t0;
    }
  };
  const writer = createLakeWriter(lake, { runId, runDay, source: definition.source.name, table: definition.table });
  const lander = createGroupLander({ writer, warehouse, table: definition.table, runDay, timed });
  const extractContext = { definition, runId, today, now: deps.now, cursorBefore: (scope: string) => initial.get(scope) };
  const reports: SliceReport[] = [];
  const touched: TouchedDays = new Map();
  let ended = 0;
  let validSoFar = 0;
  const progress = (report: SliceReport, total: number): void => {
    ended += 1;
    validSoFar += report.valid;
    try {
      deps.onProgress?.({ done: ended, total, valid: validSoFar, report });
    } catch (error) {
      log.warn('progress callback failed', { error: describeError(error) });
    }
  };
  let committed = 0;
  let aborted: unknown;
  let known = planned.length;

  const extract = async (slice: Slice<Cursor>, index: number): Promise<Extracted<Cursor>> => {
    const report: SliceReport = { id: slice.id, scope: slice.scope, status: 'succeeded', recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0 };
    reports.push(report);
    return aborted !== undefined ? abortedSlice(slice, index, report, aborted) : extractSlice(extractContext, slice, index, report);
  };

  // Not started: the budget had ended. Nothing of it is stored, so the next call plans it again.
  const defer = (slice: Slice<Cursor>): void => {
    const report: SliceReport = { id: slice.id, scope: slice.scope, status: 'deferred', recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0 };
    reports.push(report);
    progress(report, known);
  };

  const failSlice = (extracted: Extracted<Cursor>, error: unknown): void => {
    extracted.report.status = 'failed';
    extracted.report.error = describeError(error);
  };

  // Load: the group lands whole (land-group.ts); then each slice in turn counts as committed
  // (onSliceCommitted may stop the run there: later slices of the group stay undone); then the
  // committed slices' cursors and backfill marks are written in one batch each. A crash anywhere
  // before the marks leaves slices undone, redone by a rerun over the idempotent MERGE: undone
  // work is never marked done. Returns the landed slices' follow-ups.
  const commitGroup = async (arrived: Extracted<Cursor>[]): Promise<Slice<Cursor>[]> => {
    const group = [...arrived].sort((a, b) => a.index - b.index);
    const live = group.filter((e) => !e.aborted);
    for (const e of group.filter((g) => g.aborted)) {
      failSlice(e, e.error);
      progress(e.report, known);
    }
    if (live.length === 0) return [];
    try {
      await lander.land(live, groupName(runId, live.map((e) => ({ index: e.index, id: e.slice.id }))));
    } catch (error) {
      for (const e of live) {
        failSlice(e, e.error ?? error);
        log.warn('slice failed', { slice: e.slice.id, error: e.report.error });
      }
      // Nothing of the group landed: a resume point past its pages would skip them.
      for (const e of live) progress(e.report, known);
      return [];
    }

    const landed: Extracted<Cursor>[] = [];
    const failedPart: { slice: Slice<Cursor>; error: unknown }[] = [];
    for (const e of live) {
      // The group landed, so every page read counts, even those of a slice that failed later.
      const { report, counts, slice } = e;
      report.recordsIn += counts.recordsIn;
      report.skipped += counts.skipped;
      report.quarantined += counts.quarantined;
      report.valid += counts.valid;
      const days = partitionField === undefined ? undefined : dayRange(e.main, partitionField);
      if (days !== undefined) touch(touched, slice.scope, days.from, days.to);
      e.main = [];
      e.related.clear();
      if (e.error !== undefined) {
        failSlice(e, e.error);
        log.warn('slice failed', { slice: slice.id, error: report.error });
        failedPart.push({ slice, error: e.error });
      } else if (aborted !== undefined) {
        failSlice(e, aborted);
      } else {
        committed += 1;
        landed.push(e);
        try {
          await deps.onSliceCommitted?.(slice as Slice<unknown>, committed);
        } catch (error) {
          aborted = error instanceof Error ? error : new RunAbortedError(String(error));
          log.error('run aborted after a committed slice', { slice: slice.id, error: describeError(error) });
        }
      }
    }
    await cursors.storeResumes(failedPart, definition.resumeCursor, log);
    const followUps: Slice<Cursor>[] = [];
    try {
      await timed('bookkeeping', async () => {
        await cursors.store(landed.map((e) => ({ scope: e.slice.scope, next: e.next! })));
        if (backfillId !== undefined) await backfills.markDone(backfillId, landed.map((e) => ({ slice: e.slice as Slice<unknown>, recordsValid: e.report.valid })), runId);
      });
      // After an abort no further wave runs, so no follow-up is planned.
      if (aborted === undefined) for (const e of landed) followUps.push(...(e.followUps ?? []));
      known += followUps.length;
    } catch (error) {
      for (const e of landed) {
        failSlice(e, error);
        log.warn('slice failed', { slice: e.slice.id, error: e.report.error });
      }
    }
    for (const e of group) if (!e.aborted) progress(e.report, known);
    return followUps;
  };

  // Groups are extracted one after another, each with `concurrency` slices in flight; a group's
  // load runs while the next one is extracted (at most two groups in memory). A group whose rows
  // pass DEFAULT_GROUP_MAX_ROWS commits what it has early.
  const runWave = async (items: { slice: Slice<Cursor>; index: number }[]): Promise<Slice<Cursor>[]> => {
    const followUps: Slice<Cursor>[] = [];
    let loading: Promise<void> = Promise.resolve();
    const load = (group: Extracted<Cursor>[]): Promise<void> => {
      const next = loading.then(async () => void followUps.push(...(await commitGroup(group))));
      loading = next;
      return next;
    };
    for (const members of chunk(byStartDay(items), DEFAULT_GROUP_SLICES)) {
      let pending: Extracted<Cursor>[] = [];
      let rows = 0;
      await mapLimit(members, deps.concurrency ?? 4, async ({ slice, index }) => {
        if (aborted === undefined && !budgetAllowsStart(budget, deps.now())) return defer(slice);
        const extracted = await extract(slice, index);
        pending.push(extracted);
        rows += extracted.main.length;
        if (rows >= DEFAULT_GROUP_MAX_ROWS) {
          const early = pending;
          pending = [];
          rows = 0;
          await load(early);
        }
      });
      await loading;
      if (pending.length > 0) void load(pending).catch(() => undefined);
    }
    await loading;
    return followUps;
  };

  let wave = planned.map((slice, index) => ({ slice, index }));
  let nextIndex = planned.length;
  for (let w = 0; w < MAX_WAVES && wave.length > 0; w++) {
    const toRun = wave.filter(({ slice }) => {
      if (!done.has(slice.id)) return true;
      const skippedReport: SliceReport = { id: slice.id, scope: slice.scope, status: 'skipped', recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0 };
      reports.push(skippedReport);
      progress(skippedReport, known);
      // A finished slice of this backfill still counts as touched: downstream work (indicators)
      // that a crash interrupted is redone over it.
      if (slice.from !== undefined && slice.to !== undefined) touch(touched, slice.scope, slice.from, slice.to);
      return false;
    });
    const followUps = await runWave(toRun);
    wave = followUps.map((slice) => ({ slice, index: nextIndex++ }));
  }
  if (wave.length > 0) log.warn('follow-up slices left undone: too many waves', { slices: wave.map((w) => w.slice.id) });
  const resume = resumeOf(budget, reports.filter((r) => r.status === 'deferred').length, backfillId);
  if (resume !== undefined) log.warn('time budget ended: slices left for the next call', { budgetS: resume.budgetS, deferred: resume.slicesLeft, next: resume.next });

  const records = tallyRecords(reports);
  let error = aborted !== undefined ? describeError(aborted) : reports.find((r) => r.status === 'failed')?.error;
  let accountingBroken = false;
  try {
    assertBalanced(records, { runId });
    // The quarantine file may also hold records of pages that failed after quarantining them.
    const failedQuarantined = writer.quarantined() - records.quarantined;
    if (failedQuarantined < 0) assertBalanced({ ...records, quarantined: writer.quarantined() }, { runId, check: 'quarantine file' });
  } catch (accounting) {
    accountingBroken = true;
    error = describeError(accounting);
    log.error('run accounting does not balance', { error, records });
  }
  log.info('slices landed', { records, waitedMs: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, Math.round(v)])) });
  let afterRunFailed = false;
  if (definition.afterRun && touched.size > 0 && aborted === undefined && !accountingBroken) {
    try {
      await definition.afterRun(touched, { warehouse, log, now: deps.now });
    } catch (afterError) {
      afterRunFailed = true;
      error ??= describeError(afterError);
      log.error('after-run step failed', { error: describeError(afterError) });
    }
  }
  const status = runStatus({ reports, aborted: aborted !== undefined, accountingBroken, afterRunFailed, resumed: (id) => cursors.resumed(id) });
  const summary: RunSummary = {
    runId,
    pipeline: definition.name,
    mode: request.mode,
    trigger: request.trigger,
    ...(backfillId === undefined ? {} : { backfillId }),
    status,
    startedAt,
    finishedAt: deps.now().toISOString(),
    records,
    merged: lander.merged.main,
    mergedByTable: lander.merged.byTable,
    slices: sliceCounts(reports),
    cursorBefore,
    cursorAfter: cursors.persistedOf(scopesOf([...planned, ...reports])),
    ...(error === undefined ? {} : { error }),
    ...(resume === undefined ? {} : { resume }),
    sliceReports: reports,
  };
  await ledger.finish(summary);
  log.info('run finished', { status, records, merged: summary.merged, slices: summary.slices });
  return summary;
}
