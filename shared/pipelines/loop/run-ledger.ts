/**
 * The run ledger (`ingestion_runs`): a row at start (status running) overwritten when the run
 * ends. Holds counts, cursors, the run's error (class, message, retry flag) and each failed
 * slice's (at most LEDGER_FAILED_SLICES); never a secret (error messages from shared/http already
 * carry redacted URLs and no headers).
 */
import { ingestionRunsExtraColumns } from '../../warehouse/pipeline-tables';
import { ingestionRuns } from '../../warehouse/tables';
import type { TableDef, Warehouse } from '../../warehouse/types';
import type { ErrorSummary, RunSummary } from './types';

/** `ingestion_runs` with the columns the run loop adds (records_skipped, mode, slice counts). */
export const ledgerTable: TableDef = {
  ...ingestionRuns,
  columns: [
    ...ingestionRuns.columns,
    ...ingestionRunsExtraColumns.filter((extra) => !ingestionRuns.columns.some((c) => c.name === extra.name)),
  ],
};

export interface RunLedger {
  /** Records that the run started. */
  start(
    summary: Pick<RunSummary, 'runId' | 'pipeline' | 'trigger' | 'mode' | 'startedAt' | 'cursorBefore'>,
  ): Promise<void>;
  /** Records how it ended (overwrites the start row). */
  finish(summary: RunSummary): Promise<void>;
}

/** Failed slices a ledger row lists; `slices_failed` counts every one. */
export const LEDGER_FAILED_SLICES = 50;

/** One failed slice as `failed_slices` lists it: the slice and its own error. */
export interface FailedSlice extends ErrorSummary {
  id: string;
  scope: string;
}

/** The failed slices of a summary as the ledger lists them (null for none). Pure. */
export function failedSlicesOf(summary: Pick<RunSummary, 'sliceReports'>): FailedSlice[] | null {
  const failed = summary.sliceReports.filter((r) => r.status === 'failed').slice(0, LEDGER_FAILED_SLICES);
  if (failed.length === 0) return null;
  return failed.map((r) => ({
    id: r.id,
    scope: r.scope,
    class: r.error?.class ?? 'Error',
    message: r.error?.message ?? '',
    retriable: r.error?.retriable ?? false,
  }));
}

/** The ledger row of a summary. Pure. */
export function ledgerRow(summary: RunSummary): Record<string, unknown> {
  return {
    run_id: summary.runId,
    pipeline: summary.pipeline,
    trigger: summary.trigger,
    mode: summary.mode,
    status: summary.status,
    started_at: summary.startedAt,
    finished_at: summary.finishedAt,
    records_in: summary.records.in,
    records_valid: summary.records.valid,
    records_quarantined: summary.records.quarantined,
    records_skipped: summary.records.skipped,
    cursor_before: summary.cursorBefore,
    cursor_after: summary.cursorAfter,
    slices_total: summary.slices.total,
    slices_failed: summary.slices.failed,
    slices_skipped: summary.slices.skipped,
    slices_deferred: summary.slices.deferred,
    failed_slices: failedSlicesOf(summary),
    error_class: summary.error?.class ?? null,
    error_message: summary.error?.message ?? null,
    error_retriable: summary.error?.retriable ?? null,
  };
}

/** A ledger on `warehouse` (the table must exist: ensureTables(ledgerTable)). */
export function createRunLedger(warehouse: Warehouse): RunLedger {
  return {
    async start(s) {
      await warehouse.merge(ledgerTable, [
        {
          run_id: s.runId,
          pipeline: s.pipeline,
          trigger: s.trigger,
          mode: s.mode,
          status: 'running',
          started_at: s.startedAt,
          cursor_before: s.cursorBefore,
        },
      ]);
    },
    async finish(summary) {
      await warehouse.merge(ledgerTable, [ledgerRow(summary)]);
    },
  };
}
