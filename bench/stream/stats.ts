/** Small pure helpers of the stream bench. */

/** The `p`-th percentile (0-100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The bench's last line, exactly as `npm run bench:stream` promises it. */
export function resultLine(r: { msgsPerS: number; brokerMsgsPerS: number; p50Ms: number; p99Ms: number; lost: number; dup: number }): string {
  const ratio = r.brokerMsgsPerS > 0 ? r.msgsPerS / r.brokerMsgsPerS : 0;
  return `RESULT stream msgs_per_s=${Math.round(r.msgsPerS)} broker_msgs_per_s=${Math.round(r.brokerMsgsPerS)} ratio=${ratio.toFixed(3)} p50_ms=${Math.round(r.p50Ms)} p99_ms=${Math.round(r.p99Ms)} lost=${r.lost} dup=${r.dup}`;
}
