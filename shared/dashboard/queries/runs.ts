/**
 * Run-ledger reads (`ingestion_runs`): the latest run and last success of every pipeline, and the
 * run history. Only the columns of tables.ts' definition are read, so a ledger created without the
 * run loop's extra columns reads the same.
 */
import type { FailedSlice } from '../../pipelines/loop/run-ledger';
import type { Warehouse } from '../../warehouse/types';
import { readRows } from './read';

/** One ledger row as the API returns it (camelCase, timestamps ISO-8601 UTC, counts as numbers). */
export interface RunRow {
  runId: string;
  pipeline: string;
  trigger: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  recordsIn: number | null;
  recordsValid: number | null;
  recordsQuarantined: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  errorRetriable: boolean | null;
  /** Slices that failed (null for a run recorded before the column existed). */
  slicesFailed: number | null;
  /** The ledger's list of them (at most 50), each with its own error; [] when none. */
  failedSlices: FailedSlice[];
  /** Slices its time budget left for the next run (null for a run recorded before the column existed). */
  slicesDeferred: number | null;
}

/** The latest run of one pipeline and when it last finished well (succeeded or partial). */
export interface LatestRun extends RunRow {
  lastSuccessAt: string | null;
}

/** The ledger columns under API names; `p` is a table alias with its dot, or ''. */
function runColumns(p: string): string {
  return `${p}run_id AS runId, ${p}pipeline AS pipeline, ${p}trigger AS trigger, ${p}status AS status,
  ${p}started_at AS startedAt, ${p}finished_at AS finishedAt, ${p}records_in AS recordsIn, ${p}records_valid AS recordsValid,
  ${p}records_quarantined AS recordsQuarantined, ${p}error_class AS errorClass, ${p}error_message AS errorMessage,
  ${p}error_retriable AS errorRetriable, ${p}slices_failed AS slicesFailed, ${p}failed_slices AS failedSlices,
  ${p}slices_deferred AS slicesDeferred`;
}

/** The failed-slice list as read (JSON text on both backends, or already parsed) as an array. */
function parseFailedSlices(value: unknown): FailedSlice[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? (parsed as FailedSlice[]) : [];
}

/** Ledger rows as the API returns them. */
async function readRuns<T extends RunRow>(
  warehouse: Warehouse,
  sql: string,
  params?: Record<string, string | number>,
): Promise<T[]> {
  const rows = await readRows<T>(warehouse, sql, params);
  return rows.map((row) => ({ ...row, failedSlices: parseFailedSlices(row.failedSlices) }));
}

/** The latest run (by started_at) of every pipeline that has one, with its last success time. */
export async function latestRuns(warehouse: Warehouse): Promise<LatestRun[]> {
  const runs = warehouse.tableRef('ingestion_runs');
  const sql = `
SELECT ${runColumns('l.')}, s.last_success_at AS lastSuccessAt
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY pipeline ORDER BY started_at DESC, run_id DESC) AS rn
  FROM ${runs}
) AS l
LEFT JOIN (
  SELECT pipeline, MAX(finished_at) AS last_success_at
  FROM ${runs}
  WHERE status IN ('succeeded', 'partial')
  GROUP BY pipeline
) AS s ON s.pipeline = l.pipeline
WHERE l.rn = 1
ORDER BY l.pipeline`;
  return readRuns<LatestRun>(warehouse, sql);
}

/** The newest `limit` runs, newest first, of one pipeline or of all. */
export async function runHistory(
  warehouse: Warehouse,
  filter: { pipeline?: string | undefined; limit: number },
): Promise<RunRow[]> {
  const where = filter.pipeline === undefined ? '' : 'WHERE pipeline = @pipeline';
  const sql = `SELECT ${runColumns('')} FROM ${warehouse.tableRef('ingestion_runs')} ${where} ORDER BY started_at DESC, run_id DESC LIMIT @limit`;
  return readRuns<RunRow>(
    warehouse,
    sql,
    filter.pipeline === undefined ? { limit: filter.limit } : { pipeline: filter.pipeline, limit: filter.limit },
  );
}
