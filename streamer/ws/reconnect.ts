/** Reconnect timing: exponential backoff with full jitter, reset after a connection stayed up long enough. */

export interface ReconnectPolicy {
  /** Ceiling of the first wait, ms. */
  initialDelayMs: number;
  /** Largest ceiling, ms. */
  maxDelayMs: number;
  /** Ceiling growth per failed attempt (2 doubles it). */
  multiplier: number;
  /** A connection that stayed ready this long (ms) resets the attempt count. */
  stableAfterMs: number;
}

/** Sensible production defaults: 0.5 s doubling to 30 s, reset after 60 s up. */
export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  stableAfterMs: 60_000,
};

/**
 * The wait before reconnect attempt `attempt` (0-based count of consecutive failures): a uniform
 * draw in [ceiling/2, ceiling] with ceiling = min(maxDelayMs, initialDelayMs * multiplier^attempt).
 * Half the ceiling is kept ("equal jitter") so many instances spread out yet never hot-loop.
 * `random` is in [0, 1).
 */
export function reconnectDelayMs(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Tracks consecutive failures for {@link reconnectDelayMs}. */
export interface Backoff {
  /** The wait before the next attempt; counts one more failure. */
  nextDelayMs(): number;
  /** A connection became ready at `atMs`. */
  connected(atMs: number): void;
  /** The connection was lost at `atMs`: if it had been ready for `stableAfterMs`, failures reset. */
  disconnected(atMs: number): void;
  /** Consecutive failures counted so far. */
  attempts(): number;
}

/** A fresh backoff with no failures. */
export function createBackoff(policy: ReconnectPolicy, random: () => number = Math.random): Backoff {
  let attempts = 0;
  let readyAt: number | undefined;
  return {
    nextDelayMs: () => reconnectDelayMs(attempts++, policy, random),
    connected: (atMs) => {
      readyAt = atMs;
    },
    disconnected: (atMs) => {
      if (readyAt !== undefined && atMs - readyAt >= policy.stableAfterMs) attempts = 0;
      readyAt = undefined;
    },
    attempts: () => attempts,
  };
}
