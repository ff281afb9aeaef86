import Bottleneck from 'bottleneck';
import { performance } from 'node:perf_hooks';

/** Spacing shared by every request to one provider; hand the same instance to each of its clients. */
export interface RateLimiter {
  /** Runs `task` when the budget allows; resolves or rejects with the task's own outcome. */
  schedule<T>(task: () => Promise<T>): Promise<T>;
}

export interface RateLimitOptions {
  /** At most this many request starts ... */
  requestsPerInterval: number;
  /** ... per this many milliseconds. */
  intervalMs: number;
  /** In-flight cap; unlimited by default. */
  maxConcurrent?: number;
}

/**
 * A limiter that spaces request starts evenly, `intervalMs / requestsPerInterval` ms apart, rather
 * than letting a burst through at each window edge: providers count in sliding windows, and even
 * spacing never trips them. Bottleneck keeps the queue, order and concurrency cap. No background
 * timer is left running once the queue is empty.
 *
 * @throws RangeError for a non-positive rate.
 */
export function createRateLimiter(options: RateLimitOptions): RateLimiter {
  const { requestsPerInterval, intervalMs, maxConcurrent } = options;
  if (!(requestsPerInterval > 0) || !(intervalMs > 0)) {
    throw new RangeError(`rate limit needs positive requestsPerInterval and intervalMs, got ${requestsPerInterval}/${intervalMs}`);
  }
  const spacingMs = intervalMs / requestsPerInterval;
  const limiter = new Bottleneck({ minTime: Math.ceil(spacingMs), maxConcurrent: maxConcurrent ?? null });
  const gate = createSpacingGate(spacingMs);
  return { schedule: (task) => limiter.schedule(() => gate(task)) };
}

/**
 * Bottleneck spaces the times it *plans* to start jobs (each job gets its own timer when queued),
 * so one late timer on a busy event loop lets the next job start right behind it and the provider
 * sees a burst. This gate measures real start times and tops up the wait; Bottleneck starts jobs
 * in order, so the gate's order is the queue's.
 */
function createSpacingGate(spacingMs: number): <T>(task: () => Promise<T>) => Promise<T> {
  let nextStartAt = 0;
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>) => {
    const turn = tail.then(async () => {
      // Loop: Node may fire a timer slightly early against performance.now() (libuv's cached clock).
      while (performance.now() < nextStartAt) await new Promise((resolve) => setTimeout(resolve, Math.ceil(nextStartAt - performance.now())));
      // The task starts in this same tick, so the spacing is measured from its real start, with no
      // microtask hop in between for a busy loop to stretch.
      nextStartAt = performance.now() + spacingMs;
      return { started: task() };
    });
    // The next turn waits for this one's start, not for its task to finish.
    tail = turn.catch(() => undefined);
    return turn.then(({ started }) => started);
  };
}

/** True when `value` is already a limiter (so a client can share it) rather than options. */
export function isRateLimiter(value: RateLimiter | RateLimitOptions): value is RateLimiter {
  return typeof (value as RateLimiter).schedule === 'function';
}
