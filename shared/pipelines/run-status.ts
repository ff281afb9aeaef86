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
  const failed = reports.filter((r) => r.status === 'failed').length;
  const skipped = reports.filter((r) => r.status === 'skipped').length;
  return { total: reports.length, succeeded: reports.filter((r) => r.status === 'succeeded').length, failed, skipped };
}

/**
 * failed: the run was aborted, its accounting broke, or every attempted slice failed without
 * moving the pipeline on; partial: some slice failed or the after-run step did; else succeeded.
 * A failed slice that landed rows or stored a resume point (`resumed`) still moved the pipeline on
 * (a rate-limit stop): the run is partial, and an HTTP caller is not asked to retry at once.
 */
export function runStatus(r: { reports: readonly SliceReport[]; aborted: boolean; accountingBroken: boolean; afterRunFailed: boolean; resumed: (sliceId: string) => boolean }): RunSummary['status'] {
  const failed = r.reports.filter((s) => s.status === 'failed');
  const attempted = r.reports.filter((s) => s.status !== 'skipped');
  const progressed = failed.some((s) => s.valid > 0 || r.resumed(s.id));
  const wholeRunFailed = r.aborted || r.accountingBroken || (attempted.length > 0 && failed.length === attempted.length && !progressed);
  return wholeRunFailed ? 'failed' : failed.length > 0 || r.afterRunFailed ? 'partial' : 'succeeded';
}
