/** Validation of the permalinks a caller names, before any request: pure, for a 400 answer. */
import { PERMALINK_PATTERN } from '../../schemas/organization';

/** True when `value` is a permalink we would send to Crunchbase. */
export function isValidPermalink(value: unknown): value is string {
  return typeof value === 'string' && PERMALINK_PATTERN.test(value);
}

/** One rejected input: its position, the value as given, and why. */
export interface PermalinkIssue {
  index: number;
  value: unknown;
  message: string;
}

export type PermalinkCheck =
  { ok: true; permalinks: string[] } | { ok: false; issues: PermalinkIssue[]; message: string };

/**
 * Checks a caller's list: every item a valid permalink (lower-case letters, digits and dashes,
 * starting with a letter or digit, at most 100 characters), at least one, at most `max` distinct.
 * Duplicates are dropped (first kept). On failure, `message` names every bad value, e.g.
 * `invalid permalink "Foo Bar" at 2: must match ^[a-z0-9][a-z0-9-]{0,99}$`. Pure; never throws.
 */
export function checkPermalinks(values: readonly unknown[], options: { max: number }): PermalinkCheck {
  const issues: PermalinkIssue[] = [];
  const permalinks: string[] = [];
  values.forEach((value, index) => {
    if (!isValidPermalink(value)) {
      const shown =
        typeof value === 'string'
          ? JSON.stringify(value.length > 120 ? `${value.slice(0, 120)}...` : value)
          : `${value === null ? 'null' : typeof value}`;
      issues.push({
        index,
        value,
        message: `invalid permalink ${shown} at ${index}: must match ${PERMALINK_PATTERN.source}`,
      });
    } else if (!permalinks.includes(value)) {
      permalinks.push(value);
    }
  });
  if (values.length === 0) issues.push({ index: -1, value: values, message: 'at least one permalink is required' });
  if (permalinks.length > options.max)
    issues.push({
      index: -1,
      value: permalinks.length,
      message: `at most ${options.max} permalinks per call, got ${permalinks.length}`,
    });
  return issues.length === 0
    ? { ok: true, permalinks }
    : { ok: false, issues, message: issues.map((i) => i.message).join('; ') };
}
