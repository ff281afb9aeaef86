import { loadConfig } from '../../config';
import { PIPELINES, RUN_TIME_MARGIN_S, runTimeBudgetS } from '../registry';
import {
  budgetAllowsStart,
  registryBudget,
  resumeOf,
  runBudgetFor,
  runBudgetSeconds,
  startRunBudget,
} from './run-budget';

const at = new Date('2026-12-07T15:00:00.000Z');
const after = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('runTimeBudgetS (the registry function a deploy passes as RUN_TIME_BUDGET_S)', () => {
  it('is each function timeout minus the margin, positive and below the timeout', () => {
    for (const entry of PIPELINES) {
      const budget = runTimeBudgetS(entry);
      expect(budget).toBe(entry.function.timeoutS - RUN_TIME_MARGIN_S);
      expect(budget).toBeGreaterThan(0);
      expect(budget).toBeLessThan(entry.function.timeoutS);
    }
    expect(runTimeBudgetS({ name: 'prices', function: { timeoutS: 1800 } })).toBe(1500);
  });

  it('refuses a timeout that leaves no budget after the margin', () => {
    expect(() => runTimeBudgetS({ name: 'tiny', function: { timeoutS: RUN_TIME_MARGIN_S } })).toThrow(
      /tiny: a timeout of 300 s leaves no run time budget/,
    );
    expect(runTimeBudgetS({ name: 'just', function: { timeoutS: RUN_TIME_MARGIN_S + 1 } })).toBe(1);
  });
});

describe('the budget decision', () => {
  it('lets a slice start strictly before the budget ends, never at or after it', () => {
    const budget = startRunBudget(60, at);
    expect(budget).toEqual({ seconds: 60, endsAtMs: at.getTime() + 60_000 });
    expect(budgetAllowsStart(budget, at)).toBe(true);
    expect(budgetAllowsStart(budget, new Date(budget.endsAtMs - 1))).toBe(true);
    expect(budgetAllowsStart(budget, new Date(budget.endsAtMs))).toBe(false);
    expect(budgetAllowsStart(budget, after(3600))).toBe(false);
  });

  it('lets every slice start without a budget', () => {
    expect(budgetAllowsStart(undefined, after(1e9))).toBe(true);
  });

  it('refuses a budget that is not a positive number of seconds', () => {
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => startRunBudget(bad, at)).toThrow(RangeError);
  });
});

describe('where the budget comes from', () => {
  it('is RUN_TIME_BUDGET_S when set, else the registry entry of the pipeline, else none', () => {
    expect(runBudgetSeconds('prices', 90)).toBe(90);
    expect(runBudgetSeconds('prices', undefined)).toBe(1800 - RUN_TIME_MARGIN_S);
    expect(runBudgetSeconds('news', undefined)).toBe(900 - RUN_TIME_MARGIN_S);
    expect(runBudgetSeconds('in-test-pipeline', undefined)).toBeUndefined();
    expect(runBudgetSeconds('in-test-pipeline', 5)).toBe(5);
    expect(registryBudget('prices', at)).toEqual({ seconds: 1500, endsAtMs: at.getTime() + 1_500_000 });
    expect(registryBudget('in-test-pipeline', at)).toBeUndefined();
  });

  it('starts a call budget on the runtime clock, from the loaded config', () => {
    const now = () => at;
    expect(runBudgetFor({ config: loadConfig({ RUN_TIME_BUDGET_S: '25' }), now }, 'prices')).toEqual({
      seconds: 25,
      endsAtMs: at.getTime() + 25_000,
    });
    expect(runBudgetFor({ config: loadConfig({}), now }, 'product-hunt')).toEqual({
      seconds: 1500,
      endsAtMs: at.getTime() + 1_500_000,
    });
  });

  it('RUN_TIME_BUDGET_S is a whole number of seconds, at least 1; blank means unset', () => {
    expect(loadConfig({}).run.timeBudgetS).toBeUndefined();
    expect(loadConfig({ RUN_TIME_BUDGET_S: ' ' }).run.timeBudgetS).toBeUndefined();
    expect(loadConfig({ RUN_TIME_BUDGET_S: '1500' }).run.timeBudgetS).toBe(1500);
    for (const bad of ['0', '1.5', '25s', '-3'])
      expect(() => loadConfig({ RUN_TIME_BUDGET_S: bad })).toThrow(/RUN_TIME_BUDGET_S/);
  });
});

describe('resumeOf', () => {
  const budget = startRunBudget(1500, at);

  it('is undefined when nothing was deferred or there was no budget', () => {
    expect(resumeOf(budget, 0, undefined)).toBeUndefined();
    expect(resumeOf(undefined, 3, undefined)).toBeUndefined();
  });

  it('says what continues: the next incremental run, or the same backfill id again', () => {
    expect(resumeOf(budget, 3, undefined)).toEqual({
      reason: 'time_budget',
      budgetS: 1500,
      slicesLeft: 3,
      next: expect.stringMatching(/next incremental run .* cursors/),
    });
    expect(resumeOf(budget, 2, '2022-01-01_2026-12-07')?.next).toBe(
      "run this backfill again with backfillId '2022-01-01_2026-12-07': the slices this and earlier runs finished are skipped",
    );
  });
});
