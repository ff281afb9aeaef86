/** Emits a count of items at a steady rate, in small bursts, pausable; the replay server's clock-driven generator. */

export interface RateGeneratorOptions {
  /** Items per second; 0 never emits. */
  ratePerSec: number;
  /** Stop after this many in all. */
  maxCount?: number;
  now: () => number;
  emit(count: number): void;
}

export interface RateGenerator {
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  /** Items emitted so far. */
  emitted(): number;
}

/** How many items are due `elapsedMs` after a baseline at `ratePerSec` (floor; never negative). */
export function dueCount(elapsedMs: number, ratePerSec: number): number {
  return Math.max(0, Math.floor((elapsedMs * ratePerSec) / 1000));
}

/**
 * A generator that ticks every 1000/rate ms (between 5 and 50 ms) and emits what is due since the
 * last (re)start, so a slow tick catches up in one burst instead of drifting.
 */
export function createRateGenerator(options: RateGeneratorOptions): RateGenerator {
  const { ratePerSec } = options;
  const limit = options.maxCount ?? Number.POSITIVE_INFINITY;
  let timer: NodeJS.Timeout | undefined;
  let emitted = 0;
  let baseline = { at: 0, count: 0 };
  const tick = () => {
    const due = Math.min(limit, baseline.count + dueCount(options.now() - baseline.at, ratePerSec)) - emitted;
    if (due > 0) {
      emitted += due;
      options.emit(due);
    }
    if (emitted >= limit) stop();
  };
  const stop = () => {
    if (timer) clearInterval(timer);
    timer = undefined;
  };
  const run = () => {
    if (ratePerSec <= 0 || timer || emitted >= limit) return;
    baseline = { at: options.now(), count: emitted };
    timer = setInterval(tick, Math.min(50, Math.max(5, 1000 / ratePerSec)));
  };
  return { start: run, resume: run, pause: stop, stop, emitted: () => emitted };
}
