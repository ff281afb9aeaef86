/**
 * The pipeline registry: PURE DATA, the one source of truth for what runs where and when. CDKTF
 * declares a Cloud Function and a Cloud Scheduler job per entry; the local scheduler runs the same
 * schedule. Imports nothing (not even types from heavy modules), so synth never loads a client.
 */

/** A cron schedule in a named IANA time zone (Cloud Scheduler's `schedule` + `timeZone`). */
export interface PipelineSchedule {
  /** Unix cron, five fields, e.g. '30 22 * * 1-5'. */
  readonly cron: string;
  readonly timeZone: string;
}

/** How the pipeline is deployed as an HTTP Cloud Function (gen2). */
export interface PipelineFunction {
  /** The name passed to `functions.http(name, ...)`, also the deploy `entryPoint`. */
  readonly entryPoint: string;
  /** Folder under the repo holding the entry point, e.g. 'functions/prices'. */
  readonly folder: string;
  /** Memory limit in MiB. */
  readonly memoryMb: number;
  /** Request timeout in seconds (gen2 HTTP functions allow up to 3600). */
  readonly timeoutS: number;
}

/** One pipeline. `schedule` undefined means on demand only (an HTTP call starts it). */
export interface PipelineEntry {
  readonly name: string;
  readonly description: string;
  /** Provider name, as in `raw/<source>/...` and the run ledger. */
  readonly source: string;
  readonly schedule: PipelineSchedule | undefined;
  readonly function: PipelineFunction;
  /** Warehouse tables the pipeline writes (names from shared/warehouse table definitions). */
  readonly tables: readonly string[];
}

/** Every pipeline, one entry each. Names are unique (registry.test.ts checks it). */
export const PIPELINES: readonly PipelineEntry[] = [
  {
    name: 'prices',
    description: 'Daily OHLCV bars for the watchlist: incremental with a lag window every trading day, backfill on demand; then indicators.',
    source: 'yahoo',
    // 22:30 New York: after the close (16:00) and after Yahoo settles the day's bar.
    schedule: { cron: '30 22 * * 1-5', timeZone: 'America/New_York' },
    function: { entryPoint: 'prices', folder: 'functions/prices', memoryMb: 512, timeoutS: 1800 },
    tables: ['prices_daily', 'price_indicators', 'pipeline_cursors', 'backfill_slices', 'ingestion_runs'],
  },
];

/** The entry named `name`, or undefined. */
export function pipelineByName(name: string): PipelineEntry | undefined {
  return PIPELINES.find((entry) => entry.name === name);
}
