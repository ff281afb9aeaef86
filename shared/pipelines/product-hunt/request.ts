/**
 * The Product Hunt trigger body as a zod schema: what `functions/product-hunt` accepts over HTTP,
 * turned into the run loop's RunRequest. Pure.
 */
import { z } from 'zod';
import { toIssues } from '../../schemas/quarantine';
import type { ParsedTrigger } from '../http-trigger';
import type { RunRequest, RunTrigger } from '../loop/types';

const runName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, _ . - starting with a letter or digit');

/**
 * The JSON body; every field optional, unknown fields rejected so a typo is not silently ignored.
 * - `postedAfter` ('YYYY-MM-DD', UTC): read the posts created after that day's midnight instead of
 *   the lookback window (a backfill: done once per `backfillId`, default `<postedAfter>_<today>`).
 * - `runId`: names the run (lake objects derive from it, so a retry with the same id overwrites).
 * - `backfillId`: with `postedAfter`, repeat a window already done today.
 * - `mode`: optional and implied by `postedAfter`; present so the scheduled body
 *   (`SCHEDULED_RUN_BODY`, `{ mode: 'incremental' }`) is accepted.
 */
export const ProductHuntRequestBody = z
  .strictObject({
    mode: z.enum(['incremental', 'backfill']).optional(),
    postedAfter: z.iso.date().optional(),
    runId: runName.optional(),
    backfillId: runName.optional(),
  })
  .refine((b) => b.backfillId === undefined || b.postedAfter !== undefined, {
    path: ['backfillId'],
    message: 'backfillId needs postedAfter',
  })
  .refine((b) => b.mode === undefined || (b.mode === 'backfill') === (b.postedAfter !== undefined), {
    path: ['mode'],
    message: "mode 'backfill' needs postedAfter, and mode 'incremental' takes none",
  });
export type ProductHuntRequestBody = z.infer<typeof ProductHuntRequestBody>;

/** The parse result: the run request, or every problem (zod's {path, code, message}). */
export type ParsedProductHuntRequest = ParsedTrigger<RunRequest>;

/**
 * Parses a request body (already JSON-decoded; undefined, null, '' or {} mean a scheduled
 * incremental run). `postedAfter` must not be after `today` ('YYYY-MM-DD', UTC). Never throws.
 */
export function parseProductHuntRequest(body: unknown, trigger: RunTrigger, today: string): ParsedProductHuntRequest {
  const input = body === undefined || body === null || body === '' ? {} : body;
  const parsed = ProductHuntRequestBody.refine((b) => b.postedAfter === undefined || b.postedAfter <= today, {
    path: ['postedAfter'],
    message: `must not be after today (${today})`,
  }).safeParse(input);
  if (!parsed.success) return { ok: false, problems: toIssues(parsed.error) };
  const b = parsed.data;
  const runId = b.runId === undefined ? {} : { runId: b.runId };
  if (b.postedAfter === undefined) return { ok: true, request: { mode: 'incremental', trigger, ...runId } };
  return {
    ok: true,
    request: {
      mode: 'backfill',
      trigger,
      from: b.postedAfter,
      ...runId,
      ...(b.backfillId === undefined ? {} : { backfillId: b.backfillId }),
    },
  };
}
