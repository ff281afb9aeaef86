/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** Give up after this many milliseconds from the first attempt. */
  timeoutMs: number;
  /** Pause between attempts, in milliseconds. Default 100. */
  intervalMs?: number;
  /** Called before each attempt; throw from it to stop waiting at once (e.g. the process died). */
  abortIf?: () => void;
}

/**
 * Calls `probe` until it resolves to a value other than `undefined`/`false`, and returns that
 * value. A probe that throws counts as "not yet" (its last error is kept for the timeout message).
 * Rejects with an Error naming `what` and the last probe error when `timeoutMs` passes, or with
 * whatever `abortIf` throws.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: WaitUntilOptions,
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let lastError: unknown;
  for (;;) {
    options.abortIf?.();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    options.abortIf?.();
    if (Date.now() >= deadline) {
      const why = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`${what} not ready after ${options.timeoutMs} ms${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
