/**
 * Commit a group, the run loop's load step: the group lands whole (land-group.ts); then each slice
 * in turn counts as committed (onSliceCommitted may stop the run there: later slices of the group
 * stay undone); then the committed slices' cursors and backfill marks are written in one batch
 * each. A crash anywhere before the marks leaves slices undone, redone by a rerun over the
 * idempotent MERGE: undone work is never marked done. Words as in
 * [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import { RunAbortedError, describeError } from './errors';
import type { Extracted } from './extract-slice';
import { dayRange, touch } from './partition-day';
import { announce, settle, tallyMerged, type RunState } from './run-state';
import { groupName } from './slice-groups';
import { pagesOnly, sliceReport } from './slice-report';
import type { Slice, SliceReport } from './types';

/**
 * Commits the slices of `arrived` (one commit group, in any order) and returns the follow-ups
 * their landed slices ask for (none after an abort). Every slice of the group has ended, and been
 * announced, when it resolves. Never rejects.
 */
export async function commitGroup<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
  arrived: readonly Extracted<Cursor>[],
): Promise<Slice<Cursor>[]> {
  const group = [...arrived].sort((a, b) => a.index - b.index);
  for (const e of group)
    if (e.aborted) announce(state, settle(state, e.index, sliceReport(e.slice, { status: 'failed', error: e.error })));
  const live = group.filter((e) => !e.aborted);
  if (live.length === 0) return [];

  const stem = groupName(
    state.runId,
    live.map((e) => ({ index: e.index, id: e.slice.id })),
  );
  const landing = await state.lander.land(live, stem);
  tallyMerged(state, landing.merged);
  if (!landing.ok) {
    const error = landing.error;
    const reports = live.map((e) =>
      settle(
        state,
        e.index,
        sliceReport(e.slice, { status: 'failed', counts: pagesOnly(e.counts), error: e.error ?? error }),
      ),
    );
    for (const report of reports) state.log.warn('slice failed', { slice: report.id, error: report.error });
    // Nothing of the group landed: a resume point past its pages would skip them.
    for (const report of reports) announce(state, report);
    return [];
  }

  // How each live slice ended, announced once the group's bookkeeping is done.
  const ended = new Map<Extracted<Cursor>, SliceReport>();
  const end = (e: Extracted<Cursor>, report: SliceReport): SliceReport => {
    ended.set(e, settle(state, e.index, report));
    return report;
  };
  const { partitionField } = state.definition.table;
  const landed: Extracted<Cursor>[] = [];
  const stopped: { slice: Slice<Cursor>; error: unknown }[] = [];
  for (const e of live) {
    // The group landed, so every page read counts, even those of a slice that failed later.
    const days = partitionField === undefined ? undefined : dayRange(e.rows, partitionField);
    if (days !== undefined) touch(state.touched, e.slice.scope, days.from, days.to);
    if (e.error !== undefined) {
      const report = end(e, sliceReport(e.slice, { status: 'failed', counts: e.counts, error: e.error }));
      state.log.warn('slice failed', { slice: e.slice.id, error: report.error });
      stopped.push({ slice: e.slice, error: e.error });
    } else if (state.aborted !== undefined) {
      end(e, sliceReport(e.slice, { status: 'failed', counts: e.counts, error: state.aborted }));
    } else {
      end(e, sliceReport(e.slice, { status: 'succeeded', counts: e.counts }));
      landed.push(e);
      await committed(state, e.slice);
    }
  }
  await state.cursors.storeResumes(stopped, state.definition.resumeCursor, state.log);
  const marked = await markDone(state, landed);
  if (!marked.ok) {
    for (const e of landed) {
      const report = end(e, sliceReport(e.slice, { status: 'failed', counts: e.counts, error: marked.error }));
      state.log.warn('slice failed', { slice: e.slice.id, error: report.error });
    }
  }
  for (const report of ended.values()) announce(state, report);
  return marked.ok ? marked.followUps : [];
}

/** Counts `slice` committed and calls onSliceCommitted; a throw there aborts the run. */
async function committed<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
  slice: Slice<Cursor>,
): Promise<void> {
  state.committed += 1;
  try {
    await state.deps.onSliceCommitted?.(slice, state.committed);
  } catch (error) {
    state.aborted = error instanceof Error ? error : new RunAbortedError(String(error));
    state.log.error('run aborted after a committed slice', { slice: slice.id, error: describeError(error) });
  }
}

/**
 * Stores the cursors and backfill marks of the `landed` slices (one batch each) and gives their
 * follow-ups (none after an abort), or the error of the write that failed.
 */
async function markDone<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
  landed: readonly Extracted<Cursor>[],
): Promise<{ ok: true; followUps: Slice<Cursor>[] } | { ok: false; error: unknown }> {
  const { backfillId, runId } = state;
  try {
    await state.timed('bookkeeping', async () => {
      await state.cursors.store(landed.map((e) => ({ scope: e.slice.scope, next: e.next! })));
      if (backfillId !== undefined)
        await state.backfills.markDone(
          backfillId,
          landed.map((e) => ({ slice: e.slice, recordsValid: e.counts.valid })),
          runId,
        );
    });
  } catch (error) {
    return { ok: false, error };
  }
  // After an abort no further wave runs, so no follow-up is planned.
  const followUps = state.aborted === undefined ? landed.flatMap((e) => e.followUps) : [];
  state.known += followUps.length;
  return { ok: true, followUps };
}
