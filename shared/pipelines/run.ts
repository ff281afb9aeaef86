/**
 * The generic run loop (STYLE.md "Run loop"; dlt's extract -> normalize -> load in miniature):
 *
 *   plan slices -> extract each slice (pages -> lake raw, one object per commit group -> wire.safeParse ->
 *   normalize -> validate), `concurrency` at a time -> per commit group of slices (commit-groups.ts):
 *   lake quarantine | lake clean Parquet (one file per partition day) -> warehouse MERGE (one per table)
 *   -> each slice committed (onSliceCommitted) -> cursors and backfill marks (one batch each:
 *   cursor-store.ts, backfill-store.ts) -> follow-up slices -> afterRun (indicators) -> run recorded in the ledger.
 *
 * Slices run in start-day order so a group's rows share partition days; a group's load overlaps
 * the next group's extraction. A failing slice stops only itself (its cursor does not advance, the
 * ledger keeps its error); the other slices go on. A slice is marked done only after its rows were
 * MERGEd and its cursor stored, so a crash never marks undone work done. The loop checks records
 * in = valid + quarantined + skipped itself.
 */
import { describeError, RunAbortedError } from './errors';
import { createBackfillStore } from './backfill-store';
import { createCursorStore } from './cursor-store';
import { createLakeWriter, type LakeWriter } from './lake-writer';
import { byStartDay, chunk, DEFAULT_GROUP_MAX_ROWS, DEFAULT_GROUP_SLICES, groupName } from './commit-groups';
import { mapLimit } from './pool';
import { createRunLedger, ledgerTable } from './run-ledger';
import { assertBalanced, judgePage } from './validate';
import { backfillSlices, pipelineCursors } from '../warehouse/pipeline-tables';
import type { TableDef, WarehouseRow } from '../warehouse/types';
import type { PipelineDefinition, QuarantineRecord, RunDeps, RunRequest, RunSummary, Slice, SliceOutcome, SliceReport } from './types';

/** One slice extracted and judged, waiting for its commit group to land. */
interface Fetched<Cursor> {
  slice: Slice<Cursor>;
  index: number;
  report: SliceReport;
  /** Warehouse rows of the main table and of related tables. */
  main: WarehouseRow[];
  related: Map<string, { table: TableDef; rows: WarehouseRow[] }>;
  quarantine: QuarantineRecord[];
  counts: { recordsIn: number; valid: number; quarantined: number; skipped: number };
  /** `source.nextCursor` and `definition.followUp` of a slice that read all its pages. */
  next?: Cursor;
  followUps?: Slice<Cursor>[];
  /** Why the slice stopped part way (its pages read before still land). */
  error?: unknown;
  /** Not started: the run had been aborted. */
  aborted?: boolean;
  /** The slice's pages as received (`JSON.stringify(page)` each), for its group's raw object. */
  raw: string[];
}

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
 * The UTC day ('YYYY-MM-DD') a partition value falls in: a DATE as is, a TIMESTAMP (ISO string or
 * Date) by its UTC date, as BigQuery partitions a TIMESTAMP column by day.
 */
export function partitionDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // The hot case (a DATE column, asked per row): a 'YYYY-MM-DD' string is its own day.
  if (typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45) return value;
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && (text.length === 10 || text[10] === 'T' || text[10] === ' ') ? text.slice(0, 10) : text;
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
  let committed = 0;
  let aborted: unknown;

  let known = planned.length;
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
  const dayOf = (field: string | undefined) => (row: WarehouseRow) => (field === undefined ? runDay : partitionDay(row[field]));

  // Extract: a slice's pages -> wire -> normalize -> validate, kept until its commit group lands.
  // Only what the load needs is kept (rows, raw page text); the slice's next cursor and follow-ups
  // are pure, so they are computed here and the parsed pages dropped. A failure part way keeps
  // the pages read before it (they land, as they would have one by one) and the error.
  const fetchSlice = async (slice: Slice<Cursor>, index: number): Promise<Fetched<Cursor>> => {
    const report: SliceReport = { id: slice.id, scope: slice.scope, status: 'succeeded', recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0 };
    reports.push(report);
    const fetched: Fetched<Cursor> = { slice, index, report, main: [], related: new Map(), quarantine: [], counts: { recordsIn: 0, valid: 0, quarantined: 0, skipped: 0 }, raw: [] };
    if (aborted !== undefined) {
      fetched.error = aborted;
      fetched.aborted = true;
      return fetched;
    }
    const outcome: SliceOutcome<Cursor, Wire, Row> = { slice, before: initial.get(slice.scope), pages: [] };
    const validRows: Row[] = [];
    // The slice's pages as received go to its commit group's raw object, written before any row
    // of the group lands (one durable write per group, not per slice: each is an fsync). The
    // quarantine records learn that object's key at commit.
    const raw = fetched.raw;
    const rawKey = '';
    try {
      for await (const page of source.pages(slice.cursor, definition.sourceContext)) {
        report.pages += 1;
        raw.push(JSON.stringify(page));
        const verdict = judgePage(page, source, definition.validate, today);
        const quarantinedAt = deps.now().toISOString();
        for (const r of verdict.rejected) fetched.quarantine.push({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, quarantinedAt });
        if (verdict.parsed && definition.followUp) outcome.pages.push({ page, ...verdict.parsed });
        const ingestedAt = deps.now().toISOString();
        for (const row of verdict.valid) fetched.main.push(definition.toWarehouseRow(row, ingestedAt));
        if (verdict.parsed && definition.related) {
          for (const related of definition.related({ normalized: verdict.parsed.normalized, valid: verdict.valid }, ingestedAt, today)) {
            for (const r of related.rejected ?? []) fetched.quarantine.push({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, path: `${related.table.name}:${r.path}`, quarantinedAt });
            const bucket = fetched.related.get(related.table.name) ?? { table: related.table, rows: [] };
            fetched.related.set(related.table.name, bucket);
            for (const row of related.rows) bucket.rows.push(row);
          }
        }
        fetched.counts.recordsIn += verdict.recordsIn;
        fetched.counts.skipped += verdict.skipped;
        fetched.counts.quarantined += verdict.rejected.length;
        fetched.counts.valid += verdict.valid.length;
        for (const row of verdict.valid) validRows.push(row);
      }
      fetched.next = source.nextCursor(slice.cursor, validRows);
      fetched.followUps = definition.followUp?.(outcome, today) ?? [];
    } catch (error) {
      // The pages read before the failure still land with the group, raw object first.
      fetched.error = error;
    }
    return fetched;
  };

  const failSlice = (fetched: Fetched<Cursor>, error: unknown): void => {
    fetched.report.status = 'failed';
    fetched.report.error = describeError(error);
  };

  // Stores cursors through `advance` (so a slice finishing out of order never moves one back),
  // in one batch; `persisted` learns them only once written.
  const storeCursors = async (entries: { scope: string; next: Cursor }[]): Promise<void> => {
    const rows = entries.map(({ scope, next }) => {
      const cursor = definition.advance(current.get(scope), next);
      current.set(scope, cursor);
      return { scope, cursor };
    });
    await cursors.advance(rows, runId);
    for (const { scope, cursor } of rows) persisted.set(scope, cursor);
  };

  // Failed slices whose resume point was stored: the next run goes on from there.
  const resumed = new Set<string>();
  const storeResumes = async (failed: { f: Fetched<Cursor>; error: unknown }[]): Promise<void> => {
    const entries = failed.flatMap(({ f, error }) => {
      const resume = definition.resumeCursor?.(error, f.slice);
      return resume === undefined ? [] : [{ scope: f.slice.scope, next: resume, id: f.slice.id }];
    });
    if (entries.length === 0) return;
    try {
      await storeCursors(entries);
      for (const e of entries) {
        resumed.add(e.id);
        log.info('resume point stored', { slice: e.id });
      }
    } catch (cursorError) {
      for (const e of entries) log.error('resume point could not be stored', { slice: e.id, error: describeError(cursorError) });
    }
  };

  // Load: one raw object, one clean Parquet file per partition day and one MERGE per table for
  // the whole group; then each slice in turn counts as committed (onSliceCommitted may stop the
  // run there: later slices of the group stay undone); then the committed slices' cursors and
  // backfill marks are written in one batch each. A crash anywhere before the marks leaves slices
  // undone, redone by a rerun over the idempotent MERGE: undone work is never marked done.
  const commitGroup = async (arrived: Fetched<Cursor>[]): Promise<Slice<Cursor>[]> => {
    const group = [...arrived].sort((a, b) => a.index - b.index);
    const live = group.filter((f) => !f.aborted);
    for (const f of group.filter((g) => g.aborted)) {
      failSlice(f, f.error);
      progress(f.report, known);
    }
    if (live.length === 0) return [];
    const stem = groupName(runId, live.map((f) => ({ index: f.index, id: f.slice.id })));
    try {
      const rawLines = live.flatMap((f) => f.raw);
      if (rawLines.length > 0) {
        const rawKey = await timed('raw', () => writer.writeRaw(rawLines, stem));
        for (const f of live) for (const record of f.quarantine) record.rawKey = rawKey;
      }
      for (const f of live) f.raw = [];
      await writer.quarantine(live.flatMap((f) => f.quarantine));
      const main = live.flatMap((f) => f.main);
      if (main.length > 0) {
        await timed('clean', () => writer.writeClean(main, dayOf(partitionField), stem));
        await timed('merge', () => mergeInto(definition.table, main));
      }
      const related = new Map<string, { table: TableDef; rows: WarehouseRow[] }>();
      for (const f of live) {
        for (const [name, bucket] of f.related) {
          const all = related.get(name) ?? { table: bucket.table, rows: [] };
          related.set(name, all);
          for (const row of bucket.rows) all.rows.push(row);
        }
      }
      for (const { table, rows } of related.values()) {
        if (rows.length === 0) continue;
        await timed('clean', () => writer.writeClean(rows, dayOf(table.partitionField), stem, table));
        await timed('merge', () => mergeInto(table, rows));
      }
    } catch (error) {
      for (const f of live) {
        failSlice(f, f.error ?? error);
        log.warn('slice failed', { slice: f.slice.id, error: f.report.error });
      }
      // Nothing of the group landed: a resume point past its pages would skip them.
      for (const f of live) progress(f.report, known);
      return [];
    }

    const landed: Fetched<Cursor>[] = [];
    const failedPart: { f: Fetched<Cursor>; error: unknown }[] = [];
    for (const f of live) {
      // The group landed, so every page read counts, even those of a slice that failed later.
      const { report, counts, slice } = f;
      report.recordsIn += counts.recordsIn;
      report.skipped += counts.skipped;
      report.quarantined += counts.quarantined;
      report.valid += counts.valid;
      if (partitionField !== undefined && f.main.length > 0) {
        let first = partitionDay(f.main[0]![partitionField]);
        let last = first;
        for (const row of f.main) {
          const day = partitionDay(row[partitionField]);
          if (day < first) first = day;
          if (day > last) last = day;
        }
        touch(touched, slice.scope, first, last);
      }
      f.main = [];
      f.related.clear();
      if (f.error !== undefined) {
        failSlice(f, f.error);
        log.warn('slice failed', { slice: slice.id, error: report.error });
        failedPart.push({ f, error: f.error });
      } else if (aborted !== undefined) {
        failSlice(f, aborted);
      } else {
        committed += 1;
        landed.push(f);
        try {
          await deps.onSliceCommitted?.(slice as Slice<unknown>, committed);
        } catch (error) {
          aborted = error instanceof Error ? error : new RunAbortedError(String(error));
          log.error('run aborted after a committed slice', { slice: slice.id, error: describeError(error) });
        }
      }
    }
    await storeResumes(failedPart);
    const followUps: Slice<Cursor>[] = [];
    try {
      await timed('bookkeeping', async () => {
        await storeCursors(landed.map((f) => ({ scope: f.slice.scope, next: f.next! })));
        if (backfillId !== undefined) await backfills.markDone(backfillId, landed.map((f) => ({ slice: f.slice as Slice<unknown>, recordsValid: f.report.valid })), runId);
      });
      // After an abort no further wave runs, so no follow-up is planned.
      if (aborted === undefined) for (const f of landed) followUps.push(...(f.followUps ?? []));
      known += followUps.length;
    } catch (error) {
      for (const f of landed) {
        failSlice(f, error);
        log.warn('slice failed', { slice: f.slice.id, error: f.report.error });
      }
    }
    for (const f of group) if (!f.aborted) progress(f.report, known);
    return followUps;
  };

  // Groups are extracted one after another, each with `concurrency` slices in flight; a group's
  // load runs while the next one is extracted (at most two groups in memory). A group whose rows
  // pass DEFAULT_GROUP_MAX_ROWS commits what it has early.
  const runWave = async (items: { slice: Slice<Cursor>; index: number }[]): Promise<Slice<Cursor>[]> => {
    const followUps: Slice<Cursor>[] = [];
    let loading: Promise<void> = Promise.resolve();
    const load = (group: Fetched<Cursor>[]): Promise<void> => {
      const next = loading.then(async () => void followUps.push(...(await commitGroup(group))));
      loading = next;
      return next;
    };
    for (const members of chunk(byStartDay(items), DEFAULT_GROUP_SLICES)) {
      let pending: Fetched<Cursor>[] = [];
      let rows = 0;
      await mapLimit(members, deps.concurrency ?? 4, async ({ slice, index }) => {
        const fetched = await fetchSlice(slice, index);
        pending.push(fetched);
        rows += fetched.main.length;
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
  // A failed slice that landed rows or stored a resume point still moved the pipeline on (a
  // rate-limit stop): the run is partial, and an HTTP caller is not asked to retry at once.
  const progressed = failed.some((r) => r.valid > 0 || resumed.has(r.id));
  const wholeRunFailed = aborted !== undefined || accountingBroken || (attempted.length > 0 && failed.length === attempted.length && !progressed);
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
