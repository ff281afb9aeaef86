/**
 * How long a deployed pipeline run may go on starting work: its time budget, derived from the
 * function's timeout in the registry. PURE: imports nothing, so cdktf reads it through
 * registry.ts and hands the deployed function the same number (RUN_TIME_BUDGET_S) that a run
 * without the setting derives for itself (run-budget.ts).
 *
 * Why a budget: Cloud Functions kills a call at its timeout. A killed run leaves its ledger row
 * `running` and throws away the work in flight; a run that stops starting slices in time lands
 * what it has, stores where it got to, and the next call goes on from there (e.g. a 500-ticker
 * history since PRICES_BACKFILL_FROM, over a few scheduled runs).
 */

/**
 * Seconds kept between the end of a run's budget and its function's timeout, for what a run still
 * does once it has stopped starting slices: the slices in flight finish (at most
 * PIPELINE_CONCURRENCY of them, in parallel; a one-request slice whose every attempt times out
 * takes 6 x 30 s plus up to 15.5 s of backoff, about 200 s, at the default HTTP_TIMEOUT_MS and
 * HTTP_MAX_RETRIES: the worst case this margin is sized for), their commit group lands (raw
 * object, clean Parquet, a MERGE per table: 10-30 s on BigQuery), cursors and backfill marks are
 * appended, the after-run step runs (prices: indicators, a few statements) and the ledger row is
 * written (another MERGE). Longer HTTP timeouts, more retries, a provider's long Retry-After or a
 * slice of many pages can outlast it; the function is then killed as before.
 */
export const RUN_TIME_MARGIN_S = 300;

/**
 * The time budget, in seconds, of a run of `entry`'s function: its timeout minus
 * RUN_TIME_MARGIN_S. A run starts no slice once this many seconds have passed since it began.
 * @throws RangeError when the timeout leaves no budget (timeoutS <= RUN_TIME_MARGIN_S).
 */
export function runTimeBudgetS(entry: {
  readonly name: string;
  readonly function: { readonly timeoutS: number };
}): number {
  const budget = entry.function.timeoutS - RUN_TIME_MARGIN_S;
  if (!(budget > 0)) {
    throw new RangeError(
      `pipeline ${entry.name}: a timeout of ${entry.function.timeoutS} s leaves no run time budget after the ${RUN_TIME_MARGIN_S} s margin`,
    );
  }
  return budget;
}
