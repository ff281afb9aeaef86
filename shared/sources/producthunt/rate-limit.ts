/**
 * Product Hunt's complexity budget, read from the rate-limit headers and from a 429 body, and the
 * pure decision taken before each request: go on, wait for the window to reset, or stop.
 */
import { IngestError } from '../../errors';
import { ProductHuntErrorWire, RATE_LIMIT_REACHED } from './wire';

/** The budget as one answer reported it. */
export interface RateBudget {
  limit?: number;
  remaining?: number;
  /** Seconds until the window resets. */
  resetInS?: number;
}

/** Where a run got to; JSON. `endCursor` undefined: start from the newest post. */
export interface ProductHuntCursor {
  /** ISO-8601 instant: only posts created after it are fetched. */
  postedAfter: string;
  /** The GraphQL `endCursor` of the last page stored; the next page starts after it. */
  endCursor?: string;
  /** Newest `created_at` seen by the last complete pass (informational watermark). */
  newestCreatedAt?: string;
}

/**
 * The run must stop because the complexity budget is spent (or would be by the next page) and its
 * reset is further away than the configured maximum wait. Retriable: run again from `cursor`
 * after `resetAt`. Carries no secret.
 */
export class ProductHuntRateLimitError extends IngestError {
  readonly cursor: ProductHuntCursor;
  /** ISO-8601 instant at which the budget is whole again. */
  readonly resetAt: string;
  readonly resetInS: number;
  /** For `withRetry`: the server's requested wait, in ms. */
  readonly retryAfterMs: number;

  constructor(
    message: string,
    details: { cursor: ProductHuntCursor; resetInS: number; now: Date; cause?: unknown; budget?: RateBudget },
  ) {
    const resetAt = new Date(details.now.getTime() + details.resetInS * 1000).toISOString();
    super(message, {
      retriable: true,
      cause: details.cause,
      context: { cursor: details.cursor, resetAt, resetInS: details.resetInS, ...details.budget },
    });
    this.cursor = details.cursor;
    this.resetAt = resetAt;
    this.resetInS = details.resetInS;
    this.retryAfterMs = details.resetInS * 1000;
  }
}

function headerNumber(headers: Readonly<Record<string, string>>, name: string): number | undefined {
  const text = headers[name];
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** The budget in `X-Rate-Limit-*` headers (lower-case names); fields absent when not sent. */
export function readRateBudget(headers: Readonly<Record<string, string>>): RateBudget {
  return {
    limit: headerNumber(headers, 'x-rate-limit-limit'),
    remaining: headerNumber(headers, 'x-rate-limit-remaining'),
    resetInS: headerNumber(headers, 'x-rate-limit-reset'),
  };
}

/**
 * The `rate_limit_reached` error in a body (parsed JSON or text), with `details.reset_in` in
 * seconds when given; undefined when the body is anything else.
 */
export function findRateLimitError(body: unknown): { resetInS?: number; budget: RateBudget } | undefined {
  let value = body;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  const errors = (value as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const item of errors) {
    const parsed = ProductHuntErrorWire.safeParse(item);
    if (parsed.success && parsed.data.error === RATE_LIMIT_REACHED) {
      const d = parsed.data.details;
      return { resetInS: d?.reset_in, budget: { limit: d?.limit, remaining: d?.remaining, resetInS: d?.reset_in } };
    }
  }
  return undefined;
}

/** What to do before the next request. */
export type BudgetDecision = { action: 'go' } | { action: 'wait'; ms: number } | { action: 'stop'; resetInS: number };

/**
 * Pure: before a request, given the budget the last answer reported and the points the last page
 * cost, keep at least `reservePoints` (and one more page) in hand. Below that, wait for the reset
 * when it is at most `maxWaitMs` away, else stop. Unknown budget (no headers): go.
 */
export function decideBudget(
  budget: RateBudget | undefined,
  lastCost: number | undefined,
  options: { reservePoints: number; maxWaitMs: number },
): BudgetDecision {
  if (budget?.remaining === undefined) return { action: 'go' };
  const needed = Math.max(options.reservePoints, lastCost ?? 0);
  if (budget.remaining >= needed) return { action: 'go' };
  const resetInS = Math.max(0, budget.resetInS ?? 900);
  return resetInS * 1000 <= options.maxWaitMs ? { action: 'wait', ms: resetInS * 1000 } : { action: 'stop', resetInS };
}

/** Points the last page cost: the drop in `remaining` within one window, else undefined. */
export function pageCost(before: RateBudget | undefined, after: RateBudget): number | undefined {
  if (before?.remaining === undefined || after.remaining === undefined) return undefined;
  const cost = before.remaining - after.remaining;
  return cost >= 0 ? cost : undefined;
}
