/**
 * `status`: one line per pipeline of the registry (and any other name found in the run ledger):
 * state of the latest run, when it ran, data freshness, its record and failed-slice counts, read from
 * `ingestion_runs` with the dashboard's own queries.
 */
import { pipelineStatuses, type PipelineStatus } from '../../dashboard/pipeline-status';
import { latestRuns } from '../../dashboard/queries/runs';
import { PIPELINES } from '../../pipelines/registry';
import type { CliContext } from '../context';
import { renderTable, formatAge, type Column } from '../table';
import { EXIT } from '../usage';
import { warehouseExists, withWarehouse } from '../warehouse';

const COLUMNS: readonly Column<PipelineStatus>[] = [
  { header: 'PIPELINE', cell: (s) => s.name },
  { header: 'STATE', cell: (s) => s.state },
  { header: 'LAST RUN (UTC)', cell: (s) => s.lastRun?.startedAt.replace('T', ' ').slice(0, 19) },
  { header: 'TRIGGER', cell: (s) => s.lastRun?.trigger },
  { header: 'FRESHNESS', cell: (s) => formatAge(s.freshnessMinutes) },
  { header: 'IN', cell: (s) => s.lastRun?.recordsIn, align: 'right' },
  { header: 'VALID', cell: (s) => s.lastRun?.recordsValid, align: 'right' },
  { header: 'QUARANTINED', cell: (s) => s.lastRun?.recordsQuarantined, align: 'right' },
  { header: 'FAILED SLICES', cell: (s) => s.lastRun?.slicesFailed, align: 'right' },
  {
    header: 'SCHEDULE',
    cell: (s) =>
      s.schedule ? `${s.schedule.cron} ${s.schedule.timeZone}` : s.registered ? 'on demand' : 'not in registry',
  },
  {
    header: 'ERROR',
    cell: (s) => (s.lastRun?.errorClass ? `${s.lastRun.errorClass}: ${s.lastRun.errorMessage ?? ''}` : ''),
  },
];

/** Prints the status table (or the statuses as JSON); exit 0 (a failed last run is not a CLI failure). */
export async function statusCommand(ctx: CliContext, options: { json?: boolean }): Promise<number> {
  // No DuckDB file yet means nothing ever ran: every pipeline is never_run.
  const latest = warehouseExists(ctx.config) ? await withWarehouse(ctx, (warehouse) => latestRuns(warehouse)) : [];
  const statuses = pipelineStatuses(PIPELINES, latest, ctx.now());
  ctx.io.stdout.write(options.json ? `${JSON.stringify(statuses)}\n` : renderTable(COLUMNS, statuses));
  return EXIT.ok;
}
