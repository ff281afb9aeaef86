/**
 * The generic run loop (STYLE.md "Run loop"; dlt's extract -> normalize -> load in miniature):
 *
 *   plan slices -> per slice: pages -> lake raw -> wire.safeParse -> normalize -> validate ->
 *   lake quarantine | lake clean Parquet -> warehouse MERGE -> cursor advanced (-> backfill slice
 *   marked done) -> follow-up slices -> afterRun (indicators) -> run recorded in the ledger.
 *
 * A failing slice stops only itself (its cursor does not advance, the ledger keeps its error);
 * the other slices go on. The loop checks records in = valid + quarantined + skipped itself.
 */
import { describeError, RunAbortedError } from './errors';
import { createBackfillStore } from './backfill-store';
import { createCursorStore } from './cursor-store';
import { createLakeWriter, type LakeWriter } from './lake-writer';
import { mapLimit } from './pool';
import { createRunLedger, ledgerTable } from './run-ledger';
import { assertBalanced, judgePage } from './validate';
import { backfillSlices, pipelineCursors } from '../warehouse/pipeline-tables';
import type { TableDef, WarehouseRow } from '../warehouse/types';
import type { PipelineDefinition, RunDeps, RunRequest, RunSummary, Slice, SliceOutcome, SliceReport } from './types';

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

/** Widens `touched` for `scope` to include [from, to]. */
function touch(touched: Map<string, { from: string; to: string }>, scope: string, from: string, to: string): void {
  const seen = touched.get(scope);
  touched.set(scope, seen === undefined ? { from, to } : { from: from < seen.from ? from : seen.from, to: to > seen.to ? to : seen.to });
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
  const source = definition.source;
  const partitionField = definition.table.partitionField;
  const runDay = started.toISOString().slice(0, 10);

  await warehouse.ensureTables(uniqueTables([...definition.tables, ledgerTable, pipelineCursors, backfillSlices]));
  const cursors = createCursorStore<Cursor>(warehouse, definition.name, deps.now);
  const backfills = createBackfillStore(warehouse, definition.name, deps.now);
  const ledger = createRunLedger(warehouse);
  const initial = await cursors.load();
  const current = new Map(initial);
  // What is known to be stored (cursorAfter reports this, never a cursor whose write failed).
  const persisted = new Map(initial);
  const planned = definition.plan(request, initial, today);
  const done = backfillId === undefined ? new Set<string>() : await backfills.done(backfillId);
  const scopesOf = (slices: readonly Slice<Cursor>[]) => [...new Set(slices.map((s) => s.scope))].sort();
  const cursorBefore = Object.fromEntries(scopesOf(planned).filter((s) => initial.has(s)).map((s) => [s, initial.get(s)]));
  const startedAt = started.toISOString();
  await ledger.start({ runId, pipeline: definition.name, trigger: request.trigger, mode: request.mode, startedAt, cursorBefore });
  log.info('run started', { slices: planned.length, alreadyDone: done.size, backfillId });

  const writer: LakeWriter = createLakeWriter(lake, { runId, runDay, source: source.name, table: definition.table });
  const reports: SliceReport[] = [];
  const touched = new Map<string, { from: string; to: string }>();
  const merged = { inserted: 0, updated: 0 };
  const mergedByTable: Record<string, { inserted: number; updated: number }> = {};
  const mergeInto = async (table: TableDef, rows: WarehouseRow[]): Promise<void> => {
    const result = await warehouse.merge(table, rows);
    const counts = (mergedByTable[table.name] ??= { inserted: 0, updated: 0 });
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    if (table.name === definition.table.name) {
      merged.inserted += result.inserted;
      merged.updated += result.updated;
    }
  };
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
  const scopeChains = new Map<string, Promise<void>>();
  let committed = 0;
  let aborted: unknown;

  // Cursor writes of one scope are chained, and computed from the latest stored value at commit
  // time, so two slices of one ticker finishing out of order can never move its cursor back.
  const advanceCursor = (scope: string, next: Cursor): Promise<void> => {
    const cursor = definition.advance(current.get(scope), next);
    current.set(scope, cursor);
    const write = (scopeChains.get(scope) ?? Promise.resolve())
      .then(() => cursors.advance(scope, cursor, runId))
      .then(() => void persisted.set(scope, cursor));
    scopeChains.set(scope, write.catch(() => undefined));
    return write;
  };

  let known = planned.length;
  const runSlice = async (slice: Slice<Cursor>, sliceIndex: number): Promise<Slice<Cursor>[]> => {
    const report: SliceReport = { id: slice.id, scope: slice.scope, status: 'succeeded', recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0 };
    reports.push(report);
    const followUps = await landSlice(slice, sliceIndex, report);
    known += followUps.length;
    progress(report, known);
    return followUps;
  };

  const landSlice = async (slice: Slice<Cursor>, sliceIndex: number, report: SliceReport): Promise<Slice<Cursor>[]> => {
    if (aborted !== undefined) {
      report.status = 'failed';
      report.error = describeError(aborted);
      return [];
    }
    const outcome: SliceOutcome<Cursor, Wire, Row> = { slice, before: initial.get(slice.scope), pages: [] };
    const validRows: Row[] = [];
    try {
      for await (const page of source.pages(slice.cursor, definition.sourceContext)) {
        const n = report.pages++;
        const rawKey = await writer.writeRaw(page, { sliceIndex, page: n });
        const verdict = judgePage(page, source, definition.validate, today);
        const quarantinedAt = deps.now().toISOString();
        await writer.quarantine(verdict.rejected.map((r) => ({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, quarantinedAt })));
        if (verdict.parsed) outcome.pages.push({ page, ...verdict.parsed });
        const ingestedAt = deps.now().toISOString();
        const rows = verdict.valid.map((row) => definition.toWarehouseRow(row, ingestedAt));
        if (rows.length > 0) {
          await writer.writeClean(rows, (row) => String(partitionField === undefined ? runDay : row[partitionField]), { sliceIndex, page: n });
          await mergeInto(definition.table, rows);
        }
        if (verdict.parsed && definition.related) {
          for (const related of definition.related({ normalized: verdict.parsed.normalized, valid: verdict.valid }, ingestedAt, today)) {
            const rejected = related.rejected ?? [];
            await writer.quarantine(rejected.map((r) => ({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, path: `${related.table.name}:${r.path}`, quarantinedAt })));
            if (related.rows.length === 0) continue;
            const field = related.table.partitionField;
            await writer.writeClean(related.rows, (row) => String(field === undefined ? runDay : row[field]), { sliceIndex, page: n }, related.table);
            await mergeInto(related.table, related.rows);
          }
        }
        // Counted once the page has fully landed, so a page that failed half way counts nowhere
        // and the run's records in = valid + quarantined + skipped still holds.
        report.recordsIn += verdict.recordsIn;
        report.skipped += verdict.skipped;
        report.quarantined += verdict.rejected.length;
        report.valid += verdict.valid.length;
        validRows.push(...verdict.valid);
        if (rows.length === 0) continue;
        if (partitionField !== undefined) {
          const days = rows.map((row) => String(row[partitionField])).sort();
          touch(touched, slice.scope, days[0]!, days[days.length - 1]!);
        }
      }
      await advanceCursor(slice.scope, source.nextCursor(slice.cursor, validRows));
      if (backfillId !== undefined) await backfills.markDone(backfillId, slice as Slice<unknown>, runId, report.valid);
    } catch (error) {
      report.status = 'failed';
      report.error = describeError(error);
      log.warn('slice failed', { slice: slice.id, error: report.error });
      const resume = definition.resumeCursor?.(error, slice);
      if (resume !== undefined) {
        try {
          await advanceCursor(slice.scope, resume);
          log.info('resume point stored', { slice: slice.id });
        } catch (cursorError) {
          log.error('resume point could not be stored', { slice: slice.id, error: describeError(cursorError) });
        }
      }
      return [];
    }
    committed += 1;
    try {
      await deps.onSliceCommitted?.(slice as Slice<unknown>, committed);
    } catch (error) {
      aborted = error instanceof Error ? error : new RunAbortedError(String(error));
      log.error('run aborted after a committed slice', { slice: slice.id, error: describeError(error) });
      return [];
    }
    return definition.followUp?.(outcome, today) ?? [];
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
    const followUps = (await mapLimit(toRun, deps.concurrency ?? 4, ({ slice, index }) => runSlice(slice, index))).flat();
    wave = followUps.map((slice) => ({ slice, index: nextIndex++ }));
  }
  if (wave.length > 0) log.warn('follow-up slices left undone: too many waves', { slices: wave.map((w) => w.slice.id) });

  const failed = reports.filter((r) => r.status === 'failed');
  const attempted = reports.filter((r) => r.status !== 'skipped');
  let error = aborted !== undefined ? describeError(aborted) : failed[0]?.error;
  const records = { in: 0, valid: 0, quarantined: 0, skipped: 0 };
  for (const r of reports) {
    records.in += r.recordsIn;
    records.valid += r.valid;
    records.quarantined += r.quarantined;
    records.skipped += r.skipped;
  }
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
  const wholeRunFailed = aborted !== undefined || accountingBroken || (attempted.length > 0 && failed.length === attempted.length);
  const status: RunSummary['status'] = wholeRunFailed ? 'failed' : failed.length > 0 || afterRunFailed ? 'partial' : 'succeeded';
  const scopes = scopesOf([...planned, ...reports.map((r) => ({ scope: r.scope }) as Slice<Cursor>)]);
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
    merged,
    mergedByTable,
    slices: { total: reports.length, succeeded: reports.filter((r) => r.status === 'succeeded').length, failed: failed.length, skipped: reports.length - attempted.length },
    cursorBefore,
    cursorAfter: Object.fromEntries(scopes.filter((s) => persisted.has(s)).map((s) => [s, persisted.get(s)])),
    ...(error === undefined ? {} : { error }),
    sliceReports: reports,
  };
  await ledger.finish(summary);
  log.info('run finished', { status, records, merged, slices: summary.slices });
  return summary;
}
