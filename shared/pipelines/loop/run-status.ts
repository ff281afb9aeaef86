/** How a run ended, from its slice reports. Pure. */
import type { RunSummary, SliceReport } from './types';

/** Records in / valid / quarantined / skipped over every slice report. */
export function tallyRecords(reports: readonly SliceReport[]): RunSummary['records'] {
  const records = { in: 0, valid: 0, quarantined: 0, skipped: 0 };
  for (const r of reports) {
    records.in += r.recordsIn;
    records.valid += r.valid;
    records.quarantined += r.quarantined;
    records.skipped += r.skipped;
  }
  return records;
}

/** Slice counts for the summary. */
export function sliceCounts(reports: readonly SliceReport[]): RunSummary['slices'] {
  const count = (status: SliceReport['status']) => reports.filter((r) => r.status === status).length;
  return {
    total: reports.length,
    succeeded: count('succeeded'),
    failed: count('failed'),
    skipped: count('skipped'),
    deferred: count('deferred'),
  };
}

/**
 * failed: the run was aborted, its accounting broke, or every attempted slice failed without
 * moving the pipeline on; partial: some slice failed, the after-run step did, or the time budget
 * left slices `deferred` (more remains for the next call); else succeeded.
 * A failed slice that landed rows or stored a resume point (`resumed`) still moved the pipeline on
 * (a rate-limit stop): the run is partial, and an HTTP caller is not asked to retry at once.
 * A deferred slice was not attempted: a run that started none is partial, not failed.
 */
export function runStatus(r: {
  reports: readonly SliceReport[];
  aborted: boolean;
  accountingBroken: boolean;
  afterRunFailed: boolean;
  resumed: (sliceId: string) => boolean;
}): RunSummary['status'] {
  const failed = r.reports.filter((s) => s.status === 'failed');
  const attempted = r.reports.filter((s) => s.status !== 'skipped' && s.status !== 'deferred');
  const deferred = r.reports.some((s) => s.status === 'deferred');
  const progressed = failed.some((s) => s.valid > 0 || r.resumed(s.id));
  const wholeRunFailed =
    r.aborted || r.accountingBroken || (attempted.length > 0 && failed.length === attempted.length && !progressed);
  return wholeRunFailed ? 'failed' : failed.length > 0 || r.afterRunFailed || deferred ? 'partial' : 'succeeded';
}
