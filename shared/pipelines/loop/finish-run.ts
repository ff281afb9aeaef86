/**
 * Finish, the run loop's last step: the resume note of a run the time budget stopped, the run's
 * own accounting check (records in = valid + quarantined + skipped), the after-run work
 * (indicators) over what the run touched, the status, and the ledger's final row. Words as in
 * [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import { describeError } from './errors';
import { resumeOf } from './run-budget';
import type { RunState } from './run-state';
import { runStatus, sliceCounts, tallyRecords } from './run-status';
import { scopesOf } from './start-run';
import type { RunSummary } from './types';
import { runAccountingError } from './validate';

/** Ends the run: checks, after-run work, status; writes the ledger row and returns the summary. */
export async function finishRun<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
): Promise<RunSummary> {
  const { definition, log, runId, backfillId } = state;
  const reports = [...state.reports.values()];
  const resume = resumeOf(state.budget, reports.filter((r) => r.status === 'deferred').length, backfillId);
  if (resume !== undefined)
    log.warn('time budget ended: slices left for the next call', {
      budgetS: resume.budgetS,
      deferred: resume.slicesLeft,
      next: resume.next,
    });

  const records = tallyRecords(reports);
  const accounting = runAccountingError(records, state.writer.quarantined(), runId);
  if (accounting !== undefined)
    log.error('run accounting does not balance', { error: describeError(accounting), records });
  log.info('slices landed', {
    records,
    waitedMs: Object.fromEntries(Object.entries(state.spent).map(([k, v]) => [k, Math.round(v)])),
  });
  const afterRun = state.aborted === undefined && accounting === undefined ? await runAfterRun(state) : undefined;

  const status = runStatus({
    reports,
    aborted: state.aborted !== undefined,
    accountingBroken: accounting !== undefined,
    afterRunFailed: afterRun !== undefined,
    resumed: (id) => state.cursors.resumed(id),
  });
  const failure = accounting ?? state.aborted;
  const error =
    failure !== undefined
      ? describeError(failure)
      : (reports.find((r) => r.status === 'failed')?.error ??
        (afterRun === undefined ? undefined : describeError(afterRun.error)));
  const summary: RunSummary = {
    runId,
    pipeline: definition.name,
    mode: state.request.mode,
    trigger: state.request.trigger,
    ...(backfillId === undefined ? {} : { backfillId }),
    status,
    startedAt: state.startedAt,
    finishedAt: state.now().toISOString(),
    records,
    merged: state.merged[definition.table.name] ?? { inserted: 0, updated: 0 },
    mergedByTable: state.merged,
    slices: sliceCounts(reports),
    cursorBefore: state.cursorBefore,
    cursorAfter: state.cursors.persistedOf(scopesOf([...state.planned, ...reports])),
    ...(error === undefined ? {} : { error }),
    ...(resume === undefined ? {} : { resume }),
    sliceReports: reports,
  };
  await state.ledger.finish(summary);
  log.info('run finished', { status, records, merged: summary.merged, slices: summary.slices });
  return summary;
}

/** The definition's afterRun over the touched scopes, if it has one and they are any; its failure, if it failed. */
async function runAfterRun<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
): Promise<{ error: unknown } | undefined> {
  const { definition, log } = state;
  if (!definition.afterRun || state.touched.size === 0) return undefined;
  try {
    await definition.afterRun(state.touched, { warehouse: state.deps.warehouse, log, now: state.deps.now });
    return undefined;
  } catch (error) {
    log.error('after-run step failed', { error: describeError(error) });
    return { error };
  }
}
