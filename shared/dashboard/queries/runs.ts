/**
 * Run-ledger reads (`ingestion_runs`): the latest run and last success of every pipeline, and the
 * run history. Only the columns of tables.ts' definition are read, so a ledger created without the
 * run loop's extra columns reads the same.
 */
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
  ${p}error_retriable AS errorRetriable`;
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
  return readRows<LatestRun>(warehouse, sql);
}

/** The newest `limit` runs, newest first, of one pipeline or of all. */
export async function runHistory(warehouse: Warehouse, filter: { pipeline?: string | undefined; limit: number }): Promise<RunRow[]> {
  const where = filter.pipeline === undefined ? '' : 'WHERE pipeline = @pipeline';
  const sql = `SELECT ${runColumns('')} FROM ${warehouse.tableRef('ingestion_runs')} ${where} ORDER BY started_at DESC, run_id DESC LIMIT @limit`;
  return readRows<RunRow>(warehouse, sql, filter.pipeline === undefined ? { limit: filter.limit } : { pipeline: filter.pipeline, limit: filter.limit });
}
