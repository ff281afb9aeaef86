/**
 * A run summary for people: what ran, how it ended, the counts, what was merged, each failed
 * slice with its error, and what continues a run its time budget stopped; plus the exit code and
 * the one-line verdict a script can grep.
 */
import type { RunSummary } from '../pipelines/loop/types';
import { EXIT } from './usage';
import { formatDuration } from './table';

/** The summary as indented text lines, ending with a newline. */
export function summaryText(summary: RunSummary): string {
  const ms = Date.parse(summary.finishedAt) - Date.parse(summary.startedAt);
  const { records: r, slices: s } = summary;
  const merged = Object.entries(summary.mergedByTable)
    .map(([table, m]) => `${table} +${m.inserted} inserted, ${m.updated} updated`)
    .join('; ');
  const lines = [
    `${summary.pipeline} ${summary.mode} (${summary.trigger}) ${summary.status} in ${Number.isFinite(ms) ? formatDuration(ms) : '?'}  run ${summary.runId}`,
    ...(summary.backfillId ? [`  backfill ${summary.backfillId}`] : []),
    `  slices   ${s.total} total: ${s.succeeded} succeeded, ${s.failed} failed, ${s.skipped} skipped (already done)${s.deferred > 0 ? `, ${s.deferred} deferred (time budget)` : ''}`,
    `  records  in ${r.in}, valid ${r.valid}, quarantined ${r.quarantined}, skipped ${r.skipped}`,
    `  merged   ${merged === '' ? 'nothing' : merged}`,
    ...summary.sliceReports
      .filter((report) => report.status === 'failed')
      .map(
        (report) =>
          `  failed   ${report.id}: ${report.error ? `${report.error.class}: ${report.error.message}` : 'no error recorded'}`,
      ),
    ...(summary.error
      ? [`  error    ${summary.error.class}: ${summary.error.message}${summary.error.retriable ? ' (retriable)' : ''}`]
      : []),
    ...(summary.resume ? [`  resume   the ${summary.resume.budgetS} s time budget ended: ${summary.resume.next}`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * 0 for a succeeded run; 1 with a verdict naming what went wrong, or what is left, for a partial
 * or failed one (the verdict goes to stderr).
 */
export function runVerdict(summary: RunSummary): { code: number; message?: string } {
  if (summary.status === 'succeeded') return { code: EXIT.ok };
  if (summary.status === 'partial') {
    const { failed, total, deferred } = summary.slices;
    const why =
      failed > 0
        ? `${failed} of ${total} slices failed`
        : summary.resume
          ? `${deferred} of ${total} slices left when the ${summary.resume.budgetS} s time budget ended; ${summary.resume.next}`
          : (summary.error?.message ?? 'a step after the slices failed');
    return { code: EXIT.runFailed, message: `run partial: ${why}` };
  }
  return {
    code: EXIT.runFailed,
    message: `run failed: ${summary.error ? `${summary.error.class}: ${summary.error.message}` : `${summary.slices.failed} of ${summary.slices.total} slices failed`}`,
  };
}
