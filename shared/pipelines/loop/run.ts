/**
 * The generic run loop (dlt's extract -> normalize -> load in miniature), as three named steps over
 * an explicit state (run-state.ts); its words are defined in
 * [docs/architecture.md](../../../docs/architecture.md#the-run-loops-words):
 *
 *   start (start-run.ts: resolve, tables, cursors, plan, ledger `running`)
 *   -> waves (run-wave.ts: the plan, then each round of follow-ups): each slice extracted
 *      (extract-slice.ts: pages -> wire -> normalize -> validate -> rows), slices committed group by
 *      group (commit-group.ts: land-group.ts writes raw, quarantine, clean Parquet and one MERGE per
 *      table; then onSliceCommitted, cursors and backfill marks), a group's commit overlapping the
 *      next group's extraction
 *   -> finish (finish-run.ts: accounting check, afterRun such as indicators, status, ledger row).
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
 * A failing slice stops only itself (its cursor does not advance, the ledger keeps its error); the
 * other slices go on. A slice is marked done only after its rows were MERGEd and its cursor
 * stored, so a crash never marks undone work done.
 */
import { finishRun } from './finish-run';
import { runWave } from './run-wave';
import { startRun } from './start-run';
import type { PipelineDefinition, RunDeps, RunRequest, RunSummary } from './types';

export { backfillIdOf, defaultRunId } from './start-run';

/** Follow-up waves (e.g. split re-fetches) allowed per run; a definition that keeps asking is cut off. */
export const MAX_WAVES = 3;

/**
 * Runs `definition` for `request` and returns the summary. Never throws for a slice failure; it
 * rejects only when the run cannot even start (tables or ledger unreachable), after logging. The
 * ledger row is written at start (status running) and at the end.
 */
export async function runPipeline<Cursor, Row, Clean extends Row>(
  definition: PipelineDefinition<Cursor, Row, Clean>,
  request: RunRequest,
  deps: RunDeps,
): Promise<RunSummary> {
  const state = await startRun(definition, request, deps);
  let wave = state.planned.map((slice, index) => ({ slice, index }));
  for (let n = 0; n < MAX_WAVES && wave.length > 0; n++) wave = await runWave(state, wave);
  if (wave.length > 0)
    state.log.warn('follow-up slices left undone: too many waves', { slices: wave.map((w) => w.slice.id) });
  return finishRun(state);
}
