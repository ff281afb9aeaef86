/** Small pure helpers of the stream bench. */

/** The `p`-th percentile (0-100, nearest rank) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

/** The bench's last line, exactly as `npm run bench:stream` promises it. */
export function resultLine(r: {
  msgsPerS: number;
  brokerMsgsPerS: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
  dup: number;
}): string {
  const ratio = r.brokerMsgsPerS > 0 ? r.msgsPerS / r.brokerMsgsPerS : 0;
  return `RESULT stream msgs_per_s=${Math.round(r.msgsPerS)} broker_msgs_per_s=${Math.round(r.brokerMsgsPerS)} ratio=${ratio.toFixed(3)} p50_ms=${Math.round(r.p50Ms)} p99_ms=${Math.round(r.p99Ms)} lost=${r.lost} dup=${r.dup}`;
}

/** CPU ms per 1000 articles, by part of the chain. */
export interface ChainCost {
  /** The websocket stand-in and the broker: part of the bench, not of our code. */
  wsServer: number;
  broker: number;
  /** Our two processes, whole. */
  streamer: number;
  sink: number;
  /** The Kafka client alone (client-floor.ts): its share of the streamer and the sink. */
  clientProduce: number;
  clientConsume: number;
}

/** What a ratio to the broker's limit asks of the CPU, and what is left of it for our own work. */
export interface CpuBudget {
  /** Articles/s the target ratio means. */
  targetMsgsPerS: number;
  /** CPU ms the machine has per 1000 articles at that rate. */
  budgetMsPer1000: number;
  /** The stand-in, the broker and the Kafka client alone, per 1000 articles. */
  fixedMsPer1000: number;
  /** The budget less the fixed part: what validation, lake and MERGE may take at the target. */
  leftMsPer1000: number;
  /** What they take now: streamer + sink less the client. */
  oursMsPer1000: number;
  /** The best ratio this CPU cost allows on `cores`, every core busy. */
  cpuBoundRatio: number;
}

/**
 * The CPU arithmetic behind the ratio target: at `targetRatio` x `brokerMsgsPerS` articles/s,
 * `cores` give `cores x 1e6 / rate` CPU ms per 1000 articles; the stand-in, the broker and the
 * Kafka client take a fixed part of that, and our per-article work must fit in the rest. Pure.
 */
export function cpuBudget(cost: ChainCost, brokerMsgsPerS: number, cores: number, targetRatio = 0.5): CpuBudget {
  const targetMsgsPerS = targetRatio * brokerMsgsPerS;
  const budgetMsPer1000 = (cores * 1e6) / targetMsgsPerS;
  const fixedMsPer1000 = cost.wsServer + cost.broker + cost.clientProduce + cost.clientConsume;
  const oursMsPer1000 = cost.streamer + cost.sink - cost.clientProduce - cost.clientConsume;
  const total = cost.wsServer + cost.broker + cost.streamer + cost.sink;
  return {
    targetMsgsPerS,
    budgetMsPer1000,
    fixedMsPer1000,
    leftMsPer1000: budgetMsPer1000 - fixedMsPer1000,
    oursMsPer1000,
    cpuBoundRatio: ratioBound(total, brokerMsgsPerS, cores),
  };
}

/**
 * The best ratio to `brokerMsgsPerS` that `cores` allow when each article costs `msPer1000` CPU ms
 * per 1000, every core busy all the time: cores x 1e6 / msPer1000 articles/s over the broker's. Pure.
 */
export function ratioBound(msPer1000: number, brokerMsgsPerS: number, cores: number): number {
  return msPer1000 > 0 && brokerMsgsPerS > 0 ? (cores * 1e6) / msPer1000 / brokerMsgsPerS : Number.POSITIVE_INFINITY;
}
