/** What a bench worker process reports to the bench over IPC, and how it does so. */
import { processCpuSeconds } from '../process-cpu';

/** The phase of our worker's report that times the indicators (the floor computes none). */
export const INDICATORS_PHASE = 'indicators (SQL)';

/** The floor's fact: CPU seconds of the load alone (the process's start-up and tsx excluded). */
export const LOAD_CPU_FACT = 'loadCpuS';

/** Our worker's fact: CPU seconds of the indicators phase alone. */
export const INDICATORS_CPU_FACT = 'indicatorsCpuS';

/** The extras worker's facts: CPU seconds of each step it times, and the Parquet files written. */
export const EXTRAS_FACTS = {
  validateCpuS: 'validateCpuS',
  rawCpuS: 'rawCpuS',
  parquetCpuS: 'parquetCpuS',
  mergeCpuS: 'mergeCpuS',
  lakeWriteCpuS: 'lakeWriteCpuS',
  parquetFiles: 'parquetFiles',
} as const;

/** One loader's result. */
export interface WorkerReport {
  /** Rows in the target table after the load. */
  bars: number;
  /** Wall time of the load, from before the first request to the last commit (ms). */
  ms: number;
  /** Peak resident set size of the worker process (KB, getrusage maxrss). */
  maxRssKb: number;
  /** Named phase times (ms) for the profile summary. */
  phases: Record<string, number>;
  /** Free-form facts (records in/valid/quarantined, lake objects, ...). */
  facts: Record<string, number | string>;
}

/** Sends `report` to the parent (or prints it when run by hand) and lets the process exit. */
export function sendReport(report: WorkerReport): Promise<void> {
  if (process.send === undefined) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return Promise.resolve();
  }
  return new Promise((resolve, reject) =>
    process.send!(report, undefined, {}, (error: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** `processCpuSeconds` to 0.1 s, for the report: with wall time it shows whether the 2 cores were the limit. */
export function cpuSeconds(): number {
  return Math.round(processCpuSeconds() * 10) / 10;
}
