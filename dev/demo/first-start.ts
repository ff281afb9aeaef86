/**
 * What the demo runs as soon as it starts, decided from what the warehouse already holds, so a
 * restart does not redo the first start's work:
 * - `prices`: a backfill from the demo's start date for every watchlist ticker without bars;
 * - `crunchbase` (on demand): the demo's permalinks, once, if it never ran;
 * - every other scheduled pipeline: one run now if it never ran (its first cron tick may be far);
 * - other on-demand pipelines: nothing (the banner says how to call them).
 * The local scheduler makes these calls (`runOnStart`), so they never overlap a tick.
 */
import type { PipelineEntry } from '../../shared/pipelines/registry';
import type { Warehouse } from '../../shared/warehouse';

/** Facts read from the warehouse once at start. */
export interface WarehouseFacts {
  /** Pipelines with at least one row in `ingestion_runs`. */
  readonly pipelinesWithRuns: ReadonlySet<string>;
  /** Tickers with at least one bar in `prices_daily`. */
  readonly tickersWithBars: ReadonlySet<string>;
}

/** The demo's choices for the first start. */
export interface FirstStartOptions {
  watchlist: readonly string[];
  backfillFrom: string;
  crunchbasePermalinks: readonly string[];
}

/** The scheduler's `runOnStart` and one line per decision for the banner. */
export interface StartPlan {
  runOnStart: Record<string, { body?: unknown }>;
  notes: string[];
}

/** Reads the facts; the tables must exist (the demo ensures every table first). */
export async function readWarehouseFacts(warehouse: Warehouse): Promise<WarehouseFacts> {
  const runs = await warehouse.query<{ pipeline: string }>(
    `SELECT DISTINCT pipeline FROM ${warehouse.tableRef('ingestion_runs')}`,
  );
  const tickers = await warehouse.query<{ ticker: string }>(
    `SELECT DISTINCT ticker FROM ${warehouse.tableRef('prices_daily')}`,
  );
  return {
    pipelinesWithRuns: new Set(runs.map((r) => r.pipeline)),
    tickersWithBars: new Set(tickers.map((r) => r.ticker)),
  };
}

/** Decides the start-up calls for the pipelines the demo serves. Pure. */
export function planFirstStart(
  pipelines: readonly PipelineEntry[],
  facts: WarehouseFacts,
  options: FirstStartOptions,
): StartPlan {
  const runOnStart: Record<string, { body?: unknown }> = {};
  const notes: string[] = [];
  for (const entry of pipelines) {
    const ran = facts.pipelinesWithRuns.has(entry.name);
    if (entry.name === 'prices') {
      const missing = options.watchlist.filter((ticker) => !facts.tickersWithBars.has(ticker));
      if (missing.length > 0) {
        runOnStart.prices = { body: { mode: 'backfill', from: options.backfillFrom, tickers: missing } };
        notes.push(`prices: backfilling ${missing.join(', ')} since ${options.backfillFrom}`);
      } else notes.push(`prices: the watchlist (${options.watchlist.join(', ')}) is already backfilled`);
    } else if (entry.name === 'crunchbase') {
      if (ran) notes.push('crunchbase: on demand (POST {"permalinks": [...]}); already triggered once');
      else if (options.crunchbasePermalinks.length > 0) {
        runOnStart.crunchbase = { body: { permalinks: [...options.crunchbasePermalinks], includeRecentRounds: true } };
        notes.push(`crunchbase: fetching ${options.crunchbasePermalinks.join(', ')} (and recent rounds)`);
      }
    } else if (entry.schedule === undefined) {
      notes.push(`${entry.name}: on demand only; POST a body to its URL to run it`);
    } else if (!ran) {
      runOnStart[entry.name] = {};
      notes.push(`${entry.name}: first run now, then on schedule`);
    }
  }
  return { runOnStart, notes };
}
