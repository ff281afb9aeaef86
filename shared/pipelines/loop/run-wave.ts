/**
 * A wave, the run loop's middle step: the planned slices (or one round of follow-ups) extracted
 * `concurrency` at a time in start-day order and committed group by group, a group's commit
 * overlapping the next group's extraction. Words as in
 * [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 *
 * Time budget (run-budget.ts): a slice starts only before the budget ends; after that each slice
 * left is reported `deferred` and not started, while the slices in flight finish and land as usual.
 */
import { commitGroup } from './commit-group';
import { abortedSlice, extractSlice, type Extracted } from './extract-slice';
import { touch } from './partition-day';
import { mapLimit } from './pool';
import { budgetAllowsStart } from './run-budget';
import { announce, settle, type Planned, type RunState, type RunTally } from './run-state';
import { byStartDay, chunk, DEFAULT_GROUP_MAX_ROWS, DEFAULT_GROUP_SLICES } from './slice-groups';
import { sliceReport } from './slice-report';
import type { Slice } from './types';

/**
 * Runs one wave and returns the next: the follow-ups its landed slices asked for, numbered on
 * from the run's last index. A backfill's slices done in an earlier run are skipped first.
 */
export async function runWave<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
  wave: readonly Planned<Cursor>[],
): Promise<Planned<Cursor>[]> {
  const toRun = wave.filter((item) => !skipDone(state, item));
  const followUps: Slice<Cursor>[] = [];
  const commits = oneAtATime(
    async (group: Extracted<Cursor>[]) => void followUps.push(...(await commitGroup(state, group))),
  );
  // Groups are extracted one after another, each with `concurrency` slices in flight; a group's
  // commit runs while the next one is extracted (at most two groups in memory). A group whose rows
  // pass DEFAULT_GROUP_MAX_ROWS commits what it has early.
  for (const members of chunk(byStartDay(toRun), DEFAULT_GROUP_SLICES)) {
    const gathering = gatherer<Extracted<Cursor>>((e) => e.rows.length, DEFAULT_GROUP_MAX_ROWS);
    await mapLimit(members, state.deps.concurrency ?? 4, async ({ slice, index }) => {
      if (state.aborted === undefined && !budgetAllowsStart(state.budget, state.now()))
        return defer(state, slice, index);
      const full = gathering.add(await startSlice(state, slice, index));
      if (full !== undefined) await commits.push(full);
    });
    await commits.idle();
    const rest = gathering.take();
    if (rest.length > 0) void commits.push(rest).catch(() => undefined);
  }
  await commits.idle();
  return followUps.map((slice) => ({ slice, index: state.nextIndex++ }));
}

/** Whether `item` is a slice this backfill finished in an earlier run; if so it ends `skipped`. */
function skipDone<Cursor>(
  state: RunTally & { readonly done: ReadonlySet<string> },
  { slice, index }: Planned<Cursor>,
): boolean {
  if (!state.done.has(slice.id)) return false;
  announce(state, settle(state, index, sliceReport(slice, { status: 'skipped' })));
  // A finished slice of this backfill still counts as touched: downstream work (indicators)
  // that a crash interrupted is redone over it.
  if (slice.from !== undefined && slice.to !== undefined) touch(state.touched, slice.scope, slice.from, slice.to);
  return true;
}

/** Not started: the budget had ended. Nothing of it is stored, so the next call plans it again. */
function defer(state: RunTally, slice: { id: string; scope: string }, index: number): void {
  announce(state, settle(state, index, sliceReport(slice, { status: 'deferred' })));
}

/** Extracts `slice`, or, after an abort, returns it not started. Its report keeps its place from now on. */
async function startSlice<Cursor, Row, Clean extends Row>(
  state: RunState<Cursor, Row, Clean>,
  slice: Slice<Cursor>,
  index: number,
): Promise<Extracted<Cursor>> {
  // Until the slice ends this placeholder holds its place in the report order.
  settle(state, index, sliceReport(slice, { status: 'succeeded' }));
  return state.aborted !== undefined ? abortedSlice(slice, index, state.aborted) : extractSlice(state, slice, index);
}

/** Runs `work` on each pushed item after the previous one finished, in push order. */
function oneAtATime<T>(work: (item: T) => Promise<void>): { push(item: T): Promise<void>; idle(): Promise<void> } {
  let last: Promise<void> = Promise.resolve();
  return {
    push(item) {
      const next = last.then(() => work(item));
      last = next;
      return next;
    },
    idle: () => last,
  };
}

/** Gathers items until their `size` reaches `max`, then hands the batch over and starts a new one. */
function gatherer<T>(size: (item: T) => number, max: number): { add(item: T): T[] | undefined; take(): T[] } {
  let batch: T[] = [];
  let total = 0;
  const take = (): T[] => {
    const full = batch;
    batch = [];
    total = 0;
    return full;
  };
  return {
    add(item) {
      batch.push(item);
      total += size(item);
      return total >= max ? take() : undefined;
    },
    take,
  };
}
