/**
 * A slice's report, computed once from what it read and how it ended. Pure. A slice whose group
 * did not land reports its pages but no records (none of them reached the warehouse).
 */
import { describeError } from './errors';
import type { SliceCounts, SliceReport } from './types';

/** Counts of a slice that read nothing. */
export const NOTHING_READ: SliceCounts = Object.freeze({
  recordsIn: 0,
  valid: 0,
  quarantined: 0,
  skipped: 0,
  pages: 0,
});

/** How a slice ended, as its report says it: the counts that landed (none by default), and the error of a failed one. */
export type SliceEnd =
  | { status: 'succeeded' | 'skipped' | 'deferred'; counts?: SliceCounts }
  | { status: 'failed'; counts?: SliceCounts; error: unknown };

/** The report of `slice` for `end`. */
export function sliceReport(slice: { id: string; scope: string }, end: SliceEnd): SliceReport {
  const c = end.counts ?? NOTHING_READ;
  const report: SliceReport = {
    id: slice.id,
    scope: slice.scope,
    status: end.status,
    recordsIn: c.recordsIn,
    valid: c.valid,
    quarantined: c.quarantined,
    skipped: c.skipped,
    pages: c.pages,
  };
  return end.status === 'failed' ? { ...report, error: describeError(end.error) } : report;
}

/** The counts of a slice whose group did not land: its pages, no records. */
export function pagesOnly(counts: SliceCounts): SliceCounts {
  return { ...NOTHING_READ, pages: counts.pages };
}
