/**
 * The news trigger body as a zod schema: what `functions/news` accepts over HTTP, turned into the
 * run loop's RunRequest. Pure. News runs are incremental only (each scope from its cursor minus the
 * lag window); a wider re-read is a matter of NEWS_LAG_WINDOW_MINUTES / NEWS_INITIAL_LOOKBACK_HOURS.
 */
import { z } from 'zod';
import { toIssues } from '../../schemas/quarantine';
import type { ParsedTrigger } from '../http-trigger';
import type { RunRequest, RunTrigger } from '../loop/types';

const runName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, _ . - starting with a letter or digit');

/** The JSON body: every field optional; unknown fields are rejected so a typo is not silently ignored. */
export const NewsRequestBody = z.strictObject({
  mode: z.literal('incremental', { error: "must be 'incremental' (news has no backfill mode)" }).optional(),
  /** Restrict the run to some scopes; default every scope the configured source has. */
  scopes: z
    .array(z.enum(['watchlist', 'market']))
    .min(1)
    .max(2)
    .optional(),
  runId: runName.optional(),
});
export type NewsRequestBody = z.infer<typeof NewsRequestBody>;

/** The parse result: the run request, or every problem (zod's {path, code, message}). */
export type ParsedNewsRequest = ParsedTrigger<RunRequest>;

/** Parses a request body (already JSON-decoded; undefined, null, '' or {} mean a full run). Never throws. */
export function parseNewsRequest(body: unknown, trigger: RunTrigger): ParsedNewsRequest {
  const input = body === undefined || body === null || body === '' ? {} : body;
  const parsed = NewsRequestBody.safeParse(input);
  if (!parsed.success) return { ok: false, problems: toIssues(parsed.error) };
  const b = parsed.data;
  return {
    ok: true,
    request: {
      mode: 'incremental',
      trigger,
      ...(b.scopes === undefined ? {} : { scopes: [...new Set(b.scopes)] }),
      ...(b.runId === undefined ? {} : { runId: b.runId }),
    },
  };
}
