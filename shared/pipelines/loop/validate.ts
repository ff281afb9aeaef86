/**
 * One page from untrusted JSON to valid rows and quarantine entries, with the accounting checked:
 * records in = valid + quarantined + skipped, or AccountingError. Pure: no I/O, no clock.
 */
import type { ValidationIssue } from '../../schemas/quarantine';
import type { Normalized, RawPage } from '../../sources/types';
import type { PageRead } from './bound-source';
import { AccountingError } from './errors';
import type { RecordCounts, ValidationResult } from './types';

/** A rejected record before the loop adds run metadata: where it was, what it was, why. */
export interface RejectedRecord {
  path: string;
  record: unknown;
  issues: ValidationIssue[];
}

/** One page after wire parsing, normalize and validation. */
export interface PageVerdict<Row, Clean> {
  /** Records the page held: normalized rows + normalize problems + skipped (1 when the page shape was wrong). */
  recordsIn: number;
  valid: Clean[];
  rejected: RejectedRecord[];
  skipped: number;
  /** The page's normalize output; undefined when the page failed the wire schema. */
  normalized?: Normalized<Row>;
}

/** The checked sum: throws AccountingError naming the numbers when `in` != valid + quarantined + skipped. */
export function assertBalanced(counts: RecordCounts, where: Record<string, unknown>): void {
  if (counts.in !== counts.valid + counts.quarantined + counts.skipped) {
    throw new AccountingError(
      `records in (${counts.in}) != valid (${counts.valid}) + quarantined (${counts.quarantined}) + skipped (${counts.skipped})`,
      { ...where, ...counts },
    );
  }
}

/**
 * Reads `page` with the source (wire schema, then normalize: `read`) and validates the candidates.
 * A body that fails the wire schema is one quarantined record (the whole body, path '') with zod's
 * issues; normalize problems and rejected candidates are quarantined with their own reasons.
 * @throws AccountingError when normalize or validate lose or invent records.
 */
export function judgePage<Row, Clean>(
  page: RawPage,
  source: { read(page: RawPage): PageRead<Row> },
  validate: (rows: readonly Row[], today: string) => ValidationResult<Clean>,
  today: string,
): PageVerdict<Row, Clean> {
  const read = source.read(page);
  if (!read.ok) {
    return { recordsIn: 1, valid: [], skipped: 0, rejected: [{ path: '', record: page.body, issues: read.issues }] };
  }
  const normalized = read.normalized;
  const skipped = Object.values(normalized.skipped).reduce((sum, n) => sum + n, 0);
  const verdict = validate(normalized.rows, today);
  const rejected: RejectedRecord[] = [
    ...normalized.problems.map((p) => ({ path: p.path, record: p.record, issues: p.issues })),
    ...verdict.rejected.map((r) => ({ path: `rows.${r.index}`, record: r.record, issues: r.issues })),
  ];
  const recordsIn = normalized.rows.length + normalized.problems.length + skipped;
  const where = { source: page.source, url: page.request.url };
  if (verdict.valid.length + verdict.rejected.length !== normalized.rows.length) {
    throw new AccountingError(
      `validation returned ${verdict.valid.length} valid + ${verdict.rejected.length} rejected for ${normalized.rows.length} rows`,
      where,
    );
  }
  assertBalanced({ in: recordsIn, valid: verdict.valid.length, quarantined: rejected.length, skipped }, where);
  return { recordsIn, valid: verdict.valid, rejected, skipped, normalized };
}

/**
 * The run's own check over its slice reports' `records` and the lines of its quarantine file
 * (`quarantineLines`): the AccountingError describing the first sum that does not hold, else
 * undefined. The file may hold more lines than the reports count (related tables' rejects, pages
 * of a group that failed after its quarantine was written), never fewer. Pure.
 */
export function runAccountingError(
  records: RecordCounts,
  quarantineLines: number,
  runId: string,
): AccountingError | undefined {
  try {
    assertBalanced(records, { runId });
    if (quarantineLines < records.quarantined)
      assertBalanced({ ...records, quarantined: quarantineLines }, { runId, check: 'quarantine file' });
    return undefined;
  } catch (error) {
    if (error instanceof AccountingError) return error;
    throw error;
  }
}
