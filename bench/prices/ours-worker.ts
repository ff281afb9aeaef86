/**
 * Our loader, in its own process so its peak RSS is its own: the real prices pipeline
 * (`runPricesFromConfig`, configured through an environment object as a deployment is) running a
 * backfill of the bench plan into a local-dir lake and a DuckDB file, indicators included.
 */
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../shared/config';
import type { Logger, LogFields } from '../../shared/log';
import { runPricesFromConfig } from '../../shared/pipelines/prices/run';
import { createWarehouse } from '../../shared/warehouse';
import { cpuSeconds, INDICATORS_CPU_FACT, INDICATORS_PHASE, sendReport } from './worker-report';
import { processCpuSeconds } from '../process-cpu';

/** The worker's one argument, as JSON. */
export interface OursWorkerArgs {
  baseUrl: string;
  tickers: string[];
  from: string;
  to: string;
  concurrency: number;
  lakeDir: string;
  duckdbPath: string;
  /** e.g. '256MB'; unset: DuckDB's default (80% of RAM). */
  duckdbMemoryLimit?: string;
}

/** Info messages of the run loop and the prices definition that end a phase. */
const PHASE_MARKS = new Set(['run started', 'slices landed', 'indicators recomputed', 'run finished']);

/** A logger that keeps only the time (wall and CPU) of chosen messages (the run's phase marks) and warnings. */
function markingLogger(
  t0: number,
  marks: Record<string, number>,
  cpuMarks: Record<string, number>,
  problems: string[],
  waited: Record<string, number>[],
): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (message, fields) => {
      if (PHASE_MARKS.has(message)) {
        marks[message] ??= Date.now() - t0;
        cpuMarks[message] ??= processCpuSeconds();
      }
      if (message === 'slices landed' && fields?.waitedMs) waited.push(fields.waitedMs as Record<string, number>);
    },
    warn: (message: string, fields?: LogFields) =>
      void (problems.length < 5 && problems.push(`${message} ${JSON.stringify(fields ?? {}).slice(0, 300)}`)),
    error: (message: string, fields?: LogFields) =>
      void (problems.length < 5 && problems.push(`${message} ${JSON.stringify(fields ?? {}).slice(0, 300)}`)),
    child: () => logger,
  };
  return logger;
}

async function main(args: OursWorkerArgs): Promise<void> {
  const config = loadConfig({
    LAKE_BACKEND: 'local',
    LAKE_DIR: args.lakeDir,
    WAREHOUSE_BACKEND: 'duckdb',
    DUCKDB_PATH: args.duckdbPath,
    PRICES_PROVIDER: 'yahoo',
    PRICES_WATCHLIST: args.tickers.join(','),
    PRICES_BACKFILL_FROM: args.from,
    PIPELINE_CONCURRENCY: String(args.concurrency),
    YAHOO_BASE_URL: args.baseUrl,
    // The replay server has no rate limit; Yahoo's real one would make this a bench of waiting.
    YAHOO_REQUESTS_PER_MINUTE: '100000000',
    LOG_LEVEL: 'warn',
  });
  // Experiment knob: a DuckDB memory limit for the run, set on the process's shared instance of
  // the file (instance-cache.ts) before the pipeline opens it.
  const pin =
    args.duckdbMemoryLimit === undefined
      ? undefined
      : await createWarehouse({ backend: 'duckdb', duckdbPath: args.duckdbPath, dataset: 'unused', location: 'US' });
  if (pin !== undefined) await pin.query(`SET memory_limit = '${args.duckdbMemoryLimit}'`);
  const marks: Record<string, number> = {};
  const cpuMarks: Record<string, number> = {};
  const problems: string[] = [];
  const waited: Record<string, number>[] = [];
  // Where the peak RSS sits: V8's heap or native memory (DuckDB, buffers), sampled every 50 ms.
  const peak = { heapTotalMb: 0, externalMb: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapTotalMb = Math.max(peak.heapTotalMb, Math.round(m.heapTotal / 2 ** 20));
    peak.externalMb = Math.max(peak.externalMb, Math.round((m.external + m.arrayBuffers) / 2 ** 20));
  }, 50);
  const t0 = Date.now();
  const summary = await runPricesFromConfig(
    config,
    { mode: 'backfill', trigger: 'cli', from: args.from, to: args.to, scopes: args.tickers },
    { log: markingLogger(t0, marks, cpuMarks, problems, waited) },
  );
  const ms = Date.now() - t0;
  clearInterval(sampler);
  await pin?.close();
  const warehouse = await createWarehouse({
    backend: 'duckdb',
    duckdbPath: args.duckdbPath,
    dataset: 'unused',
    location: 'US',
  });
  const bars = (await warehouse.query<{ bars: number }>('SELECT count(*) AS bars FROM prices_daily'))[0]?.bars ?? 0;
  const indicators =
    (await warehouse.query<{ indicators: number }>('SELECT count(*) AS indicators FROM price_indicators'))[0]
      ?.indicators ?? 0;
  await warehouse.close();
  const started = marks['run started'] ?? 0;
  const landed = marks['slices landed'] ?? marks['run finished'] ?? ms;
  const indicated = marks['indicators recomputed'] ?? landed;
  const indicatorsCpuS = (cpuMarks['indicators recomputed'] ?? 0) - (cpuMarks['slices landed'] ?? 0);
  await sendReport({
    bars,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    phases: {
      'open warehouse, ensure tables, plan': started,
      'slices: fetch -> validate -> lake -> MERGE -> cursors': landed - started,
      [INDICATORS_PHASE]: indicated - landed,
      'ledger + close': ms - indicated,
      ...Object.fromEntries(
        Object.entries(waited[0] ?? {}).map(([k, v]) => [`  waited on ${k} (summed over lanes)`, v]),
      ),
    },
    facts: {
      status: summary.status,
      recordsIn: summary.records.in,
      valid: summary.records.valid,
      quarantined: summary.records.quarantined,
      inserted: summary.merged.inserted,
      indicators,
      peakHeapTotalMb: peak.heapTotalMb,
      peakExternalMb: peak.externalMb,
      slices: summary.slices.total,
      cpuSeconds: cpuSeconds(),
      [INDICATORS_CPU_FACT]: Math.round(indicatorsCpuS * 100) / 100,
      failedSlices: summary.slices.failed,
      ...(problems.length > 0 ? { problems: problems.join(' | ') } : {}),
      ...(summary.error ? { error: summary.error.message } : {}),
    },
  });
}

main(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as OursWorkerArgs).catch((error: unknown) => {
  process.stderr.write(
    `ours worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
