import { isRetriable } from '../errors';

/*
 * Our own retrier rather than p-retry or exponential-backoff: neither can take a per-error delay
 * requested by the server (HttpError.retryAfterMs from `Retry-After`), and both would need wrapping
 * to read only our `retriable` flag. The loop is twenty lines; the policy is what matters.
 */

/** What `onRetry` hears before each wait. */
export interface RetryEvent {
  error: unknown;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** How long we are about to wait, in ms. */
  delayMs: number;
}

export interface RetryOptions {
  /** Retries after the first attempt (0 = try once). */
  maxRetries: number;
  /** First backoff ceiling in ms; doubles each retry. Default 500. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. Default 30 000. */
  maxDelayMs?: number;
  /** A server asking for a longer wait than this (ms) ends the retries at once. Default 120 000. */
  maxRetryAfterMs?: number;
  /** Injectable for tests; defaults to a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1); injectable for tests. Defaults to Math.random. */
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

/** A real wait of `ms` milliseconds. */
export function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * "Full jitter" exponential backoff (AWS architecture blog): a uniform draw in
 * [0, min(maxDelayMs, baseDelayMs * 2^retry)), retry counted from 0.
 */
export function backoffDelayMs(
  retry: number,
  options: { baseDelayMs: number; maxDelayMs: number; random: () => number },
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(options.random() * ceiling);
}

/**
 * Runs `fn` until it succeeds, retrying ONLY errors for which `isRetriable` is true (IngestErrors
 * flagged retriable: 408/429/5xx, timeouts, connection failures). TypeError, RangeError and every
 * other error are rethrown at once. Each wait is the jittered backoff, but never shorter than the
 * `retryAfterMs` the error carries (the server's `Retry-After`).
 *
 * @throws the last error when retries are exhausted, the first non-retriable error, or the error
 *   whose requested wait exceeds `maxRetryAfterMs`.
 * @throws RangeError when `maxRetries` is not a non-negative integer.
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const { maxRetries, baseDelayMs = 500, maxDelayMs = 30_000, maxRetryAfterMs = 120_000 } = options;
  if (!Number.isInteger(maxRetries) || maxRetries < 0)
    throw new RangeError(`maxRetries must be a non-negative integer, got ${maxRetries}`);
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isRetriable(error) || attempt > maxRetries) throw error;
      const requested = retryAfterOf(error);
      if (requested !== undefined && requested > maxRetryAfterMs) throw error;
      const delayMs = Math.max(requested ?? 0, backoffDelayMs(attempt - 1, { baseDelayMs, maxDelayMs, random }));
      options.onRetry?.({ error, attempt, delayMs });
      await sleep(delayMs);
    }
  }
}

function retryAfterOf(error: unknown): number | undefined {
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Parses a `Retry-After` header (RFC 9110 §10.2.3): delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, measured against `now`). Returns ms, never negative, or
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.ceil(Number(text) * 1000);
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
