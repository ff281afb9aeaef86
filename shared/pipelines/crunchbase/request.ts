/**
 * The Crunchbase trigger body as a zod schema: what `functions/crunchbase` accepts over HTTP,
 * turned into the run request (scopes = permalinks). Pure.
 */
import { z } from 'zod';
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import { checkPermalinks } from '../../sources/crunchbase';
import type { RunRequest, RunTrigger } from '../loop/types';

/** A run of the Crunchbase pipeline: the organizations in `scopes`, and optionally the recent-rounds search. */
export interface CrunchbaseRunRequest extends RunRequest {
  /** Also run `searches/funding_rounds` over the lookback window (default false). */
  includeRecentRounds?: boolean;
}

const runName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/, 'must be 1-100 letters, digits, _ . - starting with a letter or digit');

/**
 * The JSON body `{ permalinks: string[], includeRecentRounds?: boolean, runId?: string }` for a
 * call allowing at most `maxPermalinksPerCall` distinct permalinks. Unknown fields are rejected so
 * a typo is not silently ignored; each bad permalink is an issue at `permalinks.<index>` whose
 * message quotes it (checkPermalinks' wording), and too many is an issue at `permalinks` saying
 * the limit.
 */
export function crunchbaseRequestBody(maxPermalinksPerCall: number) {
  return z.strictObject({
    permalinks: z.array(z.unknown()).superRefine((values, ctx) => {
      const check = checkPermalinks(values, { max: maxPermalinksPerCall });
      if (check.ok) return;
      for (const issue of check.issues) {
        ctx.addIssue({
          code: 'custom',
          path: issue.index >= 0 ? [issue.index] : [],
          message: issue.message,
          input: issue.value,
        });
      }
    }),
    includeRecentRounds: z.boolean().optional(),
    runId: runName.optional(),
  });
}

/** The parse result: the run request, or every problem (zod's {path, code, message}) and one line naming them. */
export type ParsedCrunchbaseRequest =
  { ok: true; request: CrunchbaseRunRequest } | { ok: false; problems: ValidationIssue[]; message: string };

/**
 * Parses a request body (already JSON-decoded). Permalinks are deduplicated (first kept), in the
 * caller's order. Never throws.
 */
export function parseCrunchbaseRequest(
  body: unknown,
  trigger: RunTrigger,
  options: { maxPermalinksPerCall: number },
): ParsedCrunchbaseRequest {
  const parsed = crunchbaseRequestBody(options.maxPermalinksPerCall).safeParse(body ?? {});
  if (!parsed.success) {
    const problems = toIssues(parsed.error);
    return {
      ok: false,
      problems,
      message: problems.map((p) => (p.path === '' ? p.message : `${p.path}: ${p.message}`)).join('; '),
    };
  }
  const b = parsed.data;
  return {
    ok: true,
    request: {
      mode: 'incremental',
      trigger,
      scopes: [...new Set(b.permalinks as string[])],
      includeRecentRounds: b.includeRecentRounds ?? false,
      ...(b.runId === undefined ? {} : { runId: b.runId }),
    },
  };
}
