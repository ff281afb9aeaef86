/**
 * One page from untrusted JSON to valid rows and quarantine entries, with the accounting checked:
 * records in = valid + quarantined + skipped, or AccountingError. Pure: no I/O, no clock.
 */
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import type { Normalized, RawPage, Source } from '../../sources/types';
import { AccountingError } from './errors';
import type { ValidationResult } from './types';

/** A rejected record before the loop adds run metadata: where it was, what it was, why. */
export interface RejectedRecord {
  path: string;
  record: unknown;
  issues: ValidationIssue[];
}

/** One page after wire parsing, normalize and validation. */
export interface PageVerdict<Wire, Row, Clean> {
  /** Records the page held: normalized rows + normalize problems + skipped (1 when the page shape was wrong). */
  recordsIn: number;
  valid: Clean[];
  rejected: RejectedRecord[];
  skipped: number;
  /** Undefined when the page failed the wire schema. */
  parsed?: { wire: Wire; normalized: Normalized<Row> };
}

/** The checked sum: throws AccountingError naming the numbers when `in` != valid + quarantined + skipped. */
export function assertBalanced(counts: { in: number; valid: number; quarantined: number; skipped: number }, where: Record<string, unknown>): void {
  if (counts.in !== counts.valid + counts.quarantined + counts.skipped) {
    throw new AccountingError(
      `records in (${counts.in}) != valid (${counts.valid}) + quarantined (${counts.quarantined}) + skipped (${counts.skipped})`,
      { ...where, ...counts },
    );
  }
}

/**
 * Parses `page.body` with the source's wire schema, normalizes it and validates the candidates.
 * A body that fails the wire schema is one quarantined record (the whole body, path '') with zod's
 * issues; normalize problems and rejected candidates are quarantined with their own reasons.
 * @throws AccountingError when normalize or validate lose or invent records.
 */
export function judgePage<Cursor, Wire, Row, Clean>(
  page: RawPage,
  source: Pick<Source<Cursor, Wire, Row>, 'wire' | 'normalize'>,
  validate: (rows: readonly Row[], today: string) => ValidationResult<Clean>,
  today: string,
): PageVerdict<Wire, Row, Clean> {
  const parsed = source.wire.safeParse(page.body);
  if (!parsed.success) {
    return { recordsIn: 1, valid: [], skipped: 0, rejected: [{ path: '', record: page.body, issues: toIssues(parsed.error) }] };
  }
  const normalized = source.normalize(parsed.data, page);
  const skipped = Object.values(normalized.skipped).reduce((sum, n) => sum + n, 0);
  const verdict = validate(normalized.rows, today);
  const rejected: RejectedRecord[] = [
    ...normalized.problems.map((p) => ({ path: p.path, record: p.record, issues: p.issues })),
    ...verdict.rejected.map((r) => ({ path: `rows.${r.index}`, record: r.record, issues: r.issues })),
  ];
  const recordsIn = normalized.rows.length + normalized.problems.length + skipped;
  const where = { source: page.source, url: page.request.url };
  if (verdict.valid.length + verdict.rejected.length !== normalized.rows.length) {
    throw new AccountingError(`validation returned ${verdict.valid.length} valid + ${verdict.rejected.length} rejected for ${normalized.rows.length} rows`, where);
  }
  assertBalanced({ in: recordsIn, valid: verdict.valid.length, quarantined: rejected.length, skipped }, where);
  return { recordsIn, valid: verdict.valid, rejected, skipped, parsed: { wire: parsed.data, normalized } };
}
