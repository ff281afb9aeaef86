import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';

/** How far back the views look; also satisfies a partition filter if the ledger ever requires one. */
export const MONITORING_LOOKBACK_DAYS = 90;

/** A monitoring view: its id and standard-SQL text over `<project>.<dataset>.ingestion_runs`. */
export interface MonitoringView {
  readonly name: string;
  readonly description: string;
  readonly sql: string;
}

/**
 * The Looker Studio views over the run ledger: freshness per pipeline, daily run counts and
 * the daily quarantine rate. Pure; `runs` is the fully qualified ledger reference.
 */
export function monitoringViews(runs: string): MonitoringView[] {
  const recent = `started_at >= TIMESTAMP_SUB(CURRENT_TIMESTAMP(), INTERVAL ${MONITORING_LOOKBACK_DAYS} DAY)`;
  return [
    {
      name: 'v_pipeline_freshness',
      description: 'Per pipeline: last run, its status, last successful finish and hours since it.',
      sql: `SELECT pipeline,
  MAX(started_at) AS last_started_at,
  ARRAY_AGG(status ORDER BY started_at DESC LIMIT 1)[OFFSET(0)] AS last_status,
  MAX(IF(status = 'succeeded', finished_at, NULL)) AS last_success_at,
  TIMESTAMP_DIFF(CURRENT_TIMESTAMP(), MAX(IF(status = 'succeeded', finished_at, NULL)), HOUR) AS hours_since_success
FROM ${runs}
WHERE ${recent}
GROUP BY pipeline`,
    },
    {
      name: 'v_daily_run_counts',
      description: 'Per day and pipeline: runs by status and records in, valid and quarantined.',
      sql: `SELECT DATE(started_at) AS day, pipeline,
  COUNT(*) AS runs,
  COUNTIF(status = 'succeeded') AS succeeded,
  COUNTIF(status = 'partial') AS partial,
  COUNTIF(status = 'failed') AS failed,
  SUM(IFNULL(records_in, 0)) AS records_in,
  SUM(IFNULL(records_valid, 0)) AS records_valid,
  SUM(IFNULL(records_quarantined, 0)) AS records_quarantined
FROM ${runs}
WHERE ${recent}
GROUP BY day, pipeline`,
    },
    {
      name: 'v_quarantine_rate',
      description: 'Per day and pipeline: the share of received records sent to quarantine (null when none arrived).',
      sql: `SELECT DATE(started_at) AS day, pipeline,
  SAFE_DIVIDE(SUM(IFNULL(records_quarantined, 0)), SUM(IFNULL(records_in, 0))) AS quarantine_rate
FROM ${runs}
WHERE ${recent}
GROUP BY day, pipeline`,
    },
  ];
}

/** Settings of the monitoring views. */
export interface MonitoringViewsProps {
  readonly projectId: string;
  readonly datasetId: string;
  /** The dataset name as plain text, for the SQL (a token would make the view text unreadable in plans). */
  readonly datasetName: string;
  /** The ledger table resource, so the views are created after it. */
  readonly ledger: ITerraformDependable;
}

/** Declares every view of `monitoringViews` in the dataset. */
export class MonitoringViews extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringViewsProps) {
    super(scope, id);
    const runs = `\`${props.projectId}.${props.datasetName}.ingestion_runs\``;
    for (const view of monitoringViews(runs)) {
      new BigqueryTable(this, view.name, {
        datasetId: props.datasetId,
        tableId: view.name,
        description: view.description,
        view: { query: view.sql, useLegacySql: false },
        deletionProtection: false,
        dependsOn: [props.ledger],
      });
    }
  }
}
