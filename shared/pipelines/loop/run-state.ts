/**
 * The state of one run, explicit: what the run is fixed to when it starts, where it writes, and what
 * it has done so far. The steps (start-run, run-wave, commit-group, finish-run) read and add to it;
 * nothing else holds run state. Words as in
 * [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import type { Logger } from '../../log/types';
import type { MergeResult } from '../../warehouse/types';
import type { BackfillStore } from './backfill-store';
import type { CursorKeeper } from './cursor-keeper';
import { describeError } from './errors';
import type { ExtractContext } from './extract-slice';
import { createGroupLander, type GroupLander, type IoKind, type Landing, type Timed } from './land-group';
import { createLakeWriter, type LakeWriter } from './lake-writer';
import type { RunLedger } from './run-ledger';
import type { DayRange, RunBudget, RunDeps, RunRequest, Slice, SliceReport } from './types';

/** A slice and its position in the run (plan order, then follow-ups in the order they were asked for). */
export interface Planned<Cursor> {
  readonly slice: Slice<Cursor>;
  readonly index: number;
}

/** The part of a run's state that does not depend on its cursor and row types: what it has done so far. */
export interface RunTally {
  readonly deps: RunDeps;
  /** The run's logger (pipeline, run id and mode bound). */
  readonly log: Logger;
  /** How each slice ended, by its index, in the order slices started, were skipped or deferred. */
  readonly reports: Map<number, SliceReport>;
  /** The partition days written (or, for a backfill's finished slices, covered) per scope. */
  readonly touched: Map<string, DayRange>;
  /** Rows MERGEd per table, tables in the order of their first MERGE. */
  readonly merged: Record<string, MergeResult>;
  /** Wall time waited on each kind of I/O, in ms summed over lanes. */
  readonly spent: Record<IoKind, number>;
  /** Slices known: planned, plus follow-ups as they are asked for (RunProgress.total). */
  known: number;
  /** Slices ended so far, and their valid records (RunProgress.done and .valid). */
  ended: number;
  validSoFar: number;
  /** Slices committed (onSliceCommitted's count). */
  committed: number;
  /** The index the next follow-up gets. */
  nextIndex: number;
  /** Set once onSliceCommitted threw: no slice starts after it, and the run fails. */
  aborted: Error | undefined;
}

/** One run: what it is fixed to when it starts, where it writes, and (RunTally) what it has done so far. */
export interface RunState<Cursor, Row, Clean extends Row> extends ExtractContext<Cursor, Row, Clean>, RunTally {
  /** The request with the definition's defaults filled in. */
  readonly request: RunRequest;
  readonly backfillId: string | undefined;
  readonly startedAt: string;
  readonly budget: RunBudget | undefined;
  readonly planned: readonly Slice<Cursor>[];
  /** Slices this backfill finished in earlier runs (skipped). */
  readonly done: ReadonlySet<string>;
  /** The stored cursors of the planned scopes at start, as the ledger records them. */
  readonly cursorBefore: Record<string, unknown>;
  readonly cursors: CursorKeeper<Cursor>;
  readonly backfills: BackfillStore;
  readonly ledger: RunLedger;
  readonly writer: LakeWriter;
  readonly lander: GroupLander;
  /** Times a kind of I/O into `spent`. */
  readonly timed: Timed;
}

/** What startRun learned before the first slice: the fixed part of the state and its stores. */
export type RunStart<Cursor, Row, Clean extends Row> = Pick<
  RunState<Cursor, Row, Clean>,
  | 'definition'
  | 'deps'
  | 'request'
  | 'runId'
  | 'backfillId'
  | 'log'
  | 'today'
  | 'startedAt'
  | 'budget'
  | 'initial'
  | 'planned'
  | 'done'
  | 'cursorBefore'
  | 'cursors'
  | 'backfills'
  | 'ledger'
> & {
  /** 'YYYY-MM-DD' (UTC) of the start: raw and quarantine objects are filed under it. */
  readonly runDay: string;
};

/** A run's state before its first slice: its lake writer and lander made, nothing done yet. */
export function createRunState<Cursor, Row, Clean extends Row>(
  start: RunStart<Cursor, Row, Clean>,
): RunState<Cursor, Row, Clean> {
  const { runDay, ...fixed } = start;
  const { definition, deps, runId } = fixed;
  const spent: Record<IoKind, number> = { raw: 0, clean: 0, merge: 0, bookkeeping: 0 };
  const timed: Timed = async (what, work) => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      spent[what] += performance.now() - t0;
    }
  };
  const writer = createLakeWriter(deps.lake, {
    runId,
    runDay,
    source: definition.source.name,
    table: definition.table,
  });
  const lander = createGroupLander({ writer, warehouse: deps.warehouse, table: definition.table, runDay, timed });
  const known = fixed.planned.length;
  return {
    ...fixed,
    now: deps.now,
    writer,
    lander,
    timed,
    reports: new Map(),
    touched: new Map(),
    merged: {},
    spent,
    known,
    ended: 0,
    validSoFar: 0,
    committed: 0,
    nextIndex: known,
    aborted: undefined,
  };
}

/** Records `report` as how the slice at `index` ended; a slice keeps the place it first took. */
export function settle(state: RunTally, index: number, report: SliceReport): SliceReport {
  state.reports.set(index, report);
  return report;
}

/** Tells onProgress that a slice ended with `report`; a throwing callback is logged, never fatal. */
export function announce(state: RunTally, report: SliceReport): void {
  state.ended += 1;
  state.validSoFar += report.valid;
  try {
    state.deps.onProgress?.({ done: state.ended, total: state.known, valid: state.validSoFar, report });
  } catch (error) {
    state.log.warn('progress callback failed', { error: describeError(error) });
  }
}

/** Adds a group's completed MERGEs to the run's tally. */
export function tallyMerged(state: RunTally, merged: Landing['merged']): void {
  for (const { table, result } of merged) {
    const sum = state.merged[table] ?? { inserted: 0, updated: 0 };
    state.merged[table] = { inserted: sum.inserted + result.inserted, updated: sum.updated + result.updated };
  }
}
