/**
 * The floor: the physical limit of this path. The same requests at the same concurrency, each
 * answer JSON-parsed and its bars appended to one DuckDB table through the Appender; no
 * validation, no lake, no MERGE, no cursors, no indicators. Its own process, like ours.
 */
import { readFileSync } from 'node:fs';
import { DuckDBDateValue, DuckDBInstance } from '@duckdb/node-api';
import { cpuSeconds, LOAD_CPU_FACT, sendReport } from './worker-report';
import { processCpuSeconds } from '../process-cpu';

/** The worker's one argument, as JSON. */
export interface FloorWorkerArgs {
  baseUrl: string;
  paths: { ticker: string; path: string }[];
  concurrency: number;
  duckdbPath: string;
}

interface Chart {
  chart: {
    result: {
      timestamp?: number[];
      indicators: {
        quote: {
          open: (number | null)[];
          high: (number | null)[];
          low: (number | null)[];
          close: (number | null)[];
          volume: (number | null)[];
        }[];
        adjclose?: { adjclose: (number | null)[] }[];
      };
    }[];
  };
}

async function main(args: FloorWorkerArgs): Promise<void> {
  const t0 = Date.now();
  const cpu0 = processCpuSeconds();
  const instance = await DuckDBInstance.create(args.duckdbPath);
  const connection = await instance.connect();
  await connection.run(
    'CREATE TABLE prices_floor (ticker VARCHAR, date DATE, open DOUBLE, high DOUBLE, low DOUBLE, close DOUBLE, adj_close DOUBLE, volume BIGINT)',
  );
  const appender = await connection.createAppender('prices_floor');
  const double = (v: number | null | undefined) => (v == null ? appender.appendNull() : appender.appendDouble(v));
  let fetchMs = 0;
  let next = 0;
  const lane = async () => {
    while (next < args.paths.length) {
      const { ticker, path } = args.paths[next++]!;
      const f0 = Date.now();
      const response = await fetch(`${args.baseUrl}${path}`, { headers: { accept: 'application/json' } });
      if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
      const body = (await response.json()) as Chart;
      fetchMs += Date.now() - f0;
      const result = body.chart.result[0]!;
      const quote = result.indicators.quote[0]!;
      const adj = result.indicators.adjclose?.[0]?.adjclose;
      const timestamps = result.timestamp ?? [];
      for (let i = 0; i < timestamps.length; i++) {
        appender.appendVarchar(ticker);
        appender.appendDate(new DuckDBDateValue(Math.floor(timestamps[i]! / 86_400)));
        double(quote.open[i]);
        double(quote.high[i]);
        double(quote.low[i]);
        double(quote.close[i]);
        double(adj?.[i]);
        const volume = quote.volume[i];
        if (volume == null) appender.appendNull();
        else appender.appendBigInt(BigInt(volume));
        appender.endRow();
      }
    }
  };
  await Promise.all(Array.from({ length: args.concurrency }, lane));
  appender.closeSync();
  const ms = Date.now() - t0;
  const loadCpuS = processCpuSeconds() - cpu0;
  const bars = Number((await connection.runAndReadAll('SELECT count(*) FROM prices_floor')).getRows()[0]![0]);
  connection.closeSync();
  instance.closeSync();
  await sendReport({
    bars,
    ms,
    maxRssKb: process.resourceUsage().maxRSS,
    phases: { 'fetch + JSON.parse (summed over lanes)': fetchMs, total: ms },
    facts: { requests: args.paths.length, cpuSeconds: cpuSeconds(), [LOAD_CPU_FACT]: Math.round(loadCpuS * 100) / 100 },
  });
}

main(JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as FloorWorkerArgs).catch((error: unknown) => {
  process.stderr.write(
    `floor worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
