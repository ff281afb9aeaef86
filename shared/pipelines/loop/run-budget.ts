/**
 * A run's time budget as the run loop uses it (time-budget.ts says where the number comes from):
 * once it has ended, no slice starts; the slices in flight finish and land, cursors and backfill
 * marks are stored, and the run is recorded `partial` with the slices it left `deferred`, which
 * the next call does (an incremental run from the stored cursors, a backfill rerun with the same
 * backfillId skipping the finished slices). Pure but for `runBudgetFor`, which reads the clock.
 */
import type { Config } from '../../config/schema';
import { pipelineByName } from '../registry';
import { runTimeBudgetS } from '../time-budget';
import type { RunBudget, RunResume } from './types';

export type { RunBudget } from './types';

/** A budget of `seconds` starting `at`. @throws RangeError unless `seconds` is a positive number. */
export function startRunBudget(seconds: number, at: Date): RunBudget {
  if (!(seconds > 0) || !Number.isFinite(seconds))
    throw new RangeError(`a run time budget must be a positive number of seconds, got ${seconds}`);
  return { seconds, endsAtMs: at.getTime() + seconds * 1000 };
}

/** Whether a slice may start at `now`: always without a budget, else strictly before its end. */
export function budgetAllowsStart(budget: RunBudget | undefined, now: Date): boolean {
  return budget === undefined || now.getTime() < budget.endsAtMs;
}

/**
 * The budget in seconds of a run of `pipeline`: `override` (RUN_TIME_BUDGET_S) when set, else the
 * registry's runTimeBudgetS of its function; undefined (no budget) for a name the registry does
 * not know and no override (in-test definitions).
 */
export function runBudgetSeconds(pipeline: string, override: number | undefined): number | undefined {
  if (override !== undefined) return override;
  const entry = pipelineByName(pipeline);
  return entry === undefined ? undefined : runTimeBudgetS(entry);
}

/**
 * The registry's budget for `pipeline` (no override), starting `at`: what a run gets when its
 * caller passed none. Undefined for a name the registry does not know.
 */
export function registryBudget(pipeline: string, at: Date): RunBudget | undefined {
  const seconds = runBudgetSeconds(pipeline, undefined);
  return seconds === undefined ? undefined : startRunBudget(seconds, at);
}

/**
 * The budget of one call of `pipeline`, starting now on the runtime's clock. A call that runs the
 * loop twice (Crunchbase: organizations, then recent rounds) passes the same budget to both, so
 * the call as a whole stays within it.
 */
export function runBudgetFor(
  runtime: { readonly config: Pick<Config, 'run'>; readonly now: () => Date },
  pipeline: string,
): RunBudget | undefined {
  const seconds = runBudgetSeconds(pipeline, runtime.config.run.timeBudgetS);
  return seconds === undefined ? undefined : startRunBudget(seconds, runtime.now());
}

/**
 * The summary's `resume` of a run that left `deferred` slices when `budget` ended; undefined when
 * it left none. A backfill goes on by being run again under the same id (finished slices are
 * skipped); an incremental run by the next one, from the cursors this one stored.
 */
export function resumeOf(
  budget: RunBudget | undefined,
  deferred: number,
  backfillId: string | undefined,
): RunResume | undefined {
  if (budget === undefined || deferred === 0) return undefined;
  const next =
    backfillId === undefined
      ? 'the next incremental run over the same scopes goes on from the cursors this run stored'
      : `run this backfill again with backfillId '${backfillId}': the slices this and earlier runs finished are skipped`;
  return { reason: 'time_budget', budgetS: budget.seconds, slicesLeft: deferred, next };
}
