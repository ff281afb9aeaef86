/**
 * The pipeline registry: PURE DATA, the one source of truth for what runs where and when. CDKTF
 * declares a Cloud Function and a Cloud Scheduler job per entry; the local scheduler runs the same
 * schedule. Imports nothing (not even types from heavy modules), so synth never loads a client;
 * it only re-exports sources/provider-keys.ts and time-budget.ts, pure too, so cdktf reads
 * credentials and each function's run time budget through it.
 */

export {
  PROVIDER_KEYS,
  STREAMER_PROVIDER_KEYS,
  allProviderKeyNames,
  keyNames,
  providerKeysOf,
  type ProviderKey,
  type ProviderKeyNeed,
} from '../config/provider-keys';

/** Each function's run time budget (its timeout minus a margin), for the deploy's RUN_TIME_BUDGET_S. */
export { RUN_TIME_MARGIN_S, runTimeBudgetS } from './time-budget';

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
  /**
   * Request timeout in seconds (gen2 HTTP functions allow up to 3600). A run stops starting slices
   * RUN_TIME_MARGIN_S before it (runTimeBudgetS), so it ends before the platform kills it.
   */
  readonly timeoutS: number;
}

/** One pipeline. `schedule` undefined means on demand only (an HTTP call starts it). */
export interface PipelineEntry {
  readonly name: string;
  readonly description: string;
  /** Provider name, as in `raw/<source>/...` and the run ledger. */
  readonly source: string;
  /**
   * The setting that chooses the provider at run time (its value is a `source` name), when the
   * pipeline has several; `source` is then the default. A deployment derives the secrets to mount
   * from the chosen provider.
   */
  readonly sourceSetting?: string;
  readonly schedule: PipelineSchedule | undefined;
  readonly function: PipelineFunction;
  /** Warehouse tables the pipeline writes (names from shared/warehouse table definitions). */
  readonly tables: readonly string[];
}

/**
 * The JSON body a scheduled run POSTs (Cloud Scheduler in the cloud, the local scheduler on a
 * laptop): an incremental run. It names no trigger: request bodies are strict (an unknown field is
 * a 400), and a function tells a scheduled call by the `X-CloudScheduler: true` header.
 */
export const SCHEDULED_RUN_BODY: Readonly<{ mode: 'incremental' }> = Object.freeze({ mode: 'incremental' });

/** Every pipeline, one entry each. Names are unique (registry.test.ts checks it). */
export const PIPELINES: readonly PipelineEntry[] = [
  {
    name: 'prices',
    description:
      'Daily OHLCV bars for the watchlist: incremental with a lag window every trading day, backfill on demand; then indicators.',
    source: 'yahoo',
    sourceSetting: 'PRICES_PROVIDER',
    // 22:30 New York: after the close (16:00) and after Yahoo settles the day's bar.
    schedule: { cron: '30 22 * * 1-5', timeZone: 'America/New_York' },
    function: { entryPoint: 'prices', folder: 'functions/prices', memoryMb: 512, timeoutS: 1800 },
    tables: ['prices_daily', 'price_indicators', 'pipeline_cursors', 'backfill_slices', 'ingestion_runs'],
  },
  {
    name: 'crunchbase',
    description:
      'Crunchbase organizations named in the call (by permalink) with their funding rounds, and optionally the recent-rounds search; on demand.',
    source: 'crunchbase',
    schedule: undefined,
    function: { entryPoint: 'crunchbase', folder: 'functions/crunchbase', memoryMb: 512, timeoutS: 900 },
    tables: ['organizations', 'funding_rounds', 'pipeline_cursors', 'ingestion_runs'],
  },
  {
    name: 'news',
    description:
      'Financial news every hour, for the watchlist and market-wide: Alpaca news REST from each cursor minus a lag window (Yahoo RSS without keys).',
    source: 'alpaca-news',
    // Minute 5: the hour's articles have settled; the lag window re-reads late updates anyway.
    schedule: { cron: '5 * * * *', timeZone: 'UTC' },
    function: { entryPoint: 'news', folder: 'functions/news', memoryMb: 512, timeoutS: 900 },
    tables: ['news', 'news_tickers', 'pipeline_cursors', 'ingestion_runs'],
  },
  {
    name: 'product-hunt',
    description:
      'Product Hunt launches (posts) of the last days: latest values into products, one votes/comments snapshot per product per day; resumes a budget-stopped pass from its page cursor.',
    source: 'producthunt',
    // Every 3 hours (UTC, like the snapshot day): votes move fastest in a launch's first day, and a
    // pass the 6,250-point budget stopped resumes 3 hours later, long after the 15-minute reset.
    // Minute 15 keeps clear of the top-of-the-hour jobs. The last run of a day writes its snapshot.
    schedule: { cron: '15 */3 * * *', timeZone: 'Etc/UTC' },
    function: { entryPoint: 'productHunt', folder: 'functions/product-hunt', memoryMb: 512, timeoutS: 1800 },
    tables: ['products', 'product_snapshots', 'pipeline_cursors', 'backfill_slices', 'ingestion_runs'],
  },
];

/** The entry named `name`, or undefined. */
export function pipelineByName(name: string): PipelineEntry | undefined {
  return PIPELINES.find((entry) => entry.name === name);
}
