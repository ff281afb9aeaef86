import type { z } from 'zod';

/**
 * One reason a record was rejected, in zod's own issue shape so zod failures and our sanity rules
 * read the same in `quarantine/` files and the run ledger.
 *
 * - `path`: dot path inside the record ('' for the record as a whole, 'bars.3.close' for nested).
 * - `code`: zod's issue code ('invalid_type', 'too_small', ...) or one of our rule codes
 *   (see `PriceRuleCode` in price-bar.ts). Stable: dashboards group by it.
 * - `message`: for a human; free text, may change.
 */
export interface ValidationIssue {
  path: string;
  code: string;
  message: string;
}

/** Joins a zod issue path into the dot form of `ValidationIssue.path`; symbols are stringified. */
export function toDotPath(path: readonly PropertyKey[]): string {
  return path.map((key) => (typeof key === 'symbol' ? (key.description ?? key.toString()) : String(key))).join('.');
}

/**
 * Flattens a zod error (or anything carrying zod-like `issues`) into `ValidationIssue`s, one per
 * zod issue, in zod's order. `prefix` is prepended to every path (e.g. a record index). Never throws.
 */
export function toIssues(error: Pick<z.ZodError, 'issues'>, prefix?: string): ValidationIssue[] {
  return error.issues.map((issue) => {
    const path = toDotPath(issue.path);
    return {
      path: prefix === undefined || prefix === '' ? path : path === '' ? prefix : `${prefix}.${path}`,
      code: issue.code,
      message: issue.message,
    };
  });
}
