/**
 * The scheduler's notion of time: "now" and timers, both in SCHEDULE time. The system clock is
 * real time; a scaled clock runs `speed` times faster from a chosen start, so the demo (and the
 * tests) see a day's schedule in minutes while the HTTP calls themselves take real time.
 */

/** An opaque timer handle. */
export type TimerHandle = { readonly id: symbol };

/** Time as the scheduler sees it. */
export interface SchedulerClock {
  /** Epoch milliseconds in schedule time. */
  now(): number;
  /**
   * Calls `fn` once after `ms` of schedule time. May wake a little early or late (real timers
   * are coarse, and waits beyond ~24.8 days of real time are capped): callers re-check `now()`.
   */
  setTimer(fn: () => void, ms: number): TimerHandle;
  /** Cancels a timer; a no-op for one that already ran. */
  clearTimer(handle: TimerHandle): void;
}

// setTimeout treats anything above 2^31-1 ms as 1 ms; capping makes a far fire time wake early instead.
const MAX_REAL_DELAY_MS = 2 ** 31 - 1;

function realTimers(scale: (ms: number) => number, now: () => number): SchedulerClock {
  const live = new Map<symbol, NodeJS.Timeout>();
  return {
    now,
    setTimer(fn, ms) {
      const id = Symbol('timer');
      const delay = Math.min(MAX_REAL_DELAY_MS, Math.max(0, Math.ceil(scale(ms))));
      live.set(
        id,
        setTimeout(() => {
          live.delete(id);
          fn();
        }, delay),
      );
      return { id };
    },
    clearTimer(handle) {
      clearTimeout(live.get(handle.id));
      live.delete(handle.id);
    },
  };
}

/** Real time (Date.now and setTimeout). */
export function systemClock(): SchedulerClock {
  return realTimers(
    (ms) => ms,
    () => Date.now(),
  );
}

/** Options of `scaledClock`. */
export interface ScaledClockOptions {
  /** Schedule milliseconds per real millisecond, > 0 (60: a minute per second; 1: real time). */
  speed: number;
  /** Schedule time at creation; default the real time at creation. */
  startAt?: Date;
  /** Real time source (tests); default Date.now. */
  realNow?: () => number;
}

/**
 * A clock that starts at `startAt` and runs `speed` times faster than real time.
 * Throws RangeError for a speed that is not a positive finite number.
 */
export function scaledClock(options: ScaledClockOptions): SchedulerClock {
  const { speed } = options;
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError(`speed must be a positive number, got ${speed}`);
  const realNow = options.realNow ?? (() => Date.now());
  const realStart = realNow();
  const scheduleStart = options.startAt?.getTime() ?? realStart;
  return realTimers(
    (ms) => ms / speed,
    () => scheduleStart + (realNow() - realStart) * speed,
  );
}
