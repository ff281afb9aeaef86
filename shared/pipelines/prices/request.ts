/**
 * The prices trigger body as a zod schema: what `functions/prices` accepts over HTTP, turned into
 * the run loop's RunRequest. Pure.
 */
import { z } from 'zod';
import { TICKER_PATTERN } from '../../schemas/price-bar';
import { toIssues } from '../../schemas/quarantine';
import type { ParsedTrigger } from '../http-trigger';
import type { RunRequest, RunTrigger } from '../loop/types';

const runName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, _ . - starting with a letter or digit');

/** The JSON body: every field optional; unknown fields are rejected so a typo is not silently ignored. */
export const PricesRequestBody = z
  .strictObject({
    mode: z.enum(['incremental', 'backfill']).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    tickers: z
      .array(z.string().regex(TICKER_PATTERN, 'must be an upper-case ticker symbol'))
      .min(1)
      .max(5000)
      .optional(),
    runId: runName.optional(),
    backfillId: runName.optional(),
  })
  .refine((b) => b.from === undefined || b.to === undefined || b.from <= b.to, {
    path: ['to'],
    message: 'must not be before from',
  })
  .refine((b) => b.mode === 'backfill' || (b.from === undefined && b.to === undefined && b.backfillId === undefined), {
    path: ['mode'],
    message: "from, to and backfillId need mode 'backfill'",
  });
export type PricesRequestBody = z.infer<typeof PricesRequestBody>;

/** The parse result: the run request, or every problem (zod's {path, code, message}). */
export type ParsedPricesRequest = ParsedTrigger<RunRequest>;

/**
 * Parses a request body (already JSON-decoded; undefined, null, '' or {} mean an incremental run).
 * Never throws.
 */
export function parsePricesRequest(body: unknown, trigger: RunTrigger): ParsedPricesRequest {
  const input = body === undefined || body === null || body === '' ? {} : body;
  const parsed = PricesRequestBody.safeParse(input);
  if (!parsed.success) return { ok: false, problems: toIssues(parsed.error) };
  const b = parsed.data;
  return {
    ok: true,
    request: {
      mode: b.mode ?? 'incremental',
      trigger,
      ...(b.from === undefined ? {} : { from: b.from }),
      ...(b.to === undefined ? {} : { to: b.to }),
      ...(b.tickers === undefined ? {} : { scopes: [...new Set(b.tickers)] }),
      ...(b.runId === undefined ? {} : { runId: b.runId }),
      ...(b.backfillId === undefined ? {} : { backfillId: b.backfillId }),
    },
  };
}
