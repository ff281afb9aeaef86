/** Small pure helpers of the prices bench: options, rates, ratios and the RESULT line. */

/** What one bench run measures (sizes and knobs; every one has a default). */
export interface PricesBenchOptions {
  tickers: number;
  years: number;
  /** Concurrent requests, for our pipeline (PIPELINE_CONCURRENCY) and the floor alike. */
  concurrency: number;
  /** Skip the dlt comparison (its figures print as 0). */
  skipDlt: boolean;
  /** Write V8 CPU profiles of our worker into this folder. */
  cpuProfDir?: string;
  /**
   * Our worker runs as in a 512 MB function: V8's old space capped at `heapMb` (0: Node's default,
   * sized from the machine's RAM) and DuckDB's memory_limit at `duckdbMemory` ('' : DuckDB's
   * default, 80% of RAM).
   */
  heapMb: number;
  duckdbMemory: string;
}

const DEFAULTS: PricesBenchOptions = {
  tickers: 500,
  years: 5,
  concurrency: 4,
  skipDlt: false,
  heapMb: 256,
  duckdbMemory: '128MB',
};

function memorySize(name: string, text: string | undefined): string {
  if (text === undefined || !/^(\d+(KB|MB|GB))?$/.test(text))
    throw new RangeError(`${name} must be like 160MB (or empty for DuckDB's default), got ${JSON.stringify(text)}`);
  return text;
}

function wholeNumber(name: string, text: string | undefined): number {
  const value = Number(text);
  if (text === undefined || text === '' || !Number.isInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number, got ${JSON.stringify(text)}`);
  return value;
}

function positiveInteger(name: string, text: string | undefined): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/**
 * Options from `--tickers N --years N --concurrency N --skip-dlt --cpu-prof DIR --heap-mb N
 * --duckdb-memory SIZE` arguments, over PRICES_BENCH_TICKERS / _YEARS / _CONCURRENCY / _SKIP_DLT /
 * _CPU_PROF_DIR / _HEAP_MB / _DUCKDB_MEMORY (env values are the fallback; arguments win). Pure. Throws RangeError on a bad number or an unknown argument.
 */
export function parseBenchOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): PricesBenchOptions {
  const options: PricesBenchOptions = { ...DEFAULTS };
  const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);
  if (nonEmpty(env.PRICES_BENCH_TICKERS))
    options.tickers = positiveInteger('PRICES_BENCH_TICKERS', env.PRICES_BENCH_TICKERS);
  if (nonEmpty(env.PRICES_BENCH_YEARS)) options.years = positiveInteger('PRICES_BENCH_YEARS', env.PRICES_BENCH_YEARS);
  if (nonEmpty(env.PRICES_BENCH_CONCURRENCY))
    options.concurrency = positiveInteger('PRICES_BENCH_CONCURRENCY', env.PRICES_BENCH_CONCURRENCY);
  if (env.PRICES_BENCH_SKIP_DLT === 'true' || env.PRICES_BENCH_SKIP_DLT === '1') options.skipDlt = true;
  if (nonEmpty(env.PRICES_BENCH_CPU_PROF_DIR)) options.cpuProfDir = env.PRICES_BENCH_CPU_PROF_DIR;
  if (nonEmpty(env.PRICES_BENCH_HEAP_MB))
    options.heapMb = wholeNumber('PRICES_BENCH_HEAP_MB', env.PRICES_BENCH_HEAP_MB);
  if (env.PRICES_BENCH_DUCKDB_MEMORY !== undefined)
    options.duckdbMemory = memorySize('PRICES_BENCH_DUCKDB_MEMORY', env.PRICES_BENCH_DUCKDB_MEMORY);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--tickers':
        options.tickers = positiveInteger('--tickers', value());
        break;
      case '--years':
        options.years = positiveInteger('--years', value());
        break;
      case '--concurrency':
        options.concurrency = positiveInteger('--concurrency', value());
        break;
      case '--skip-dlt':
        options.skipDlt = true;
        break;
      case '--cpu-prof': {
        const dir = value();
        if (!dir) throw new RangeError('--cpu-prof needs a folder');
        options.cpuProfDir = dir;
        break;
      }
      case '--heap-mb':
        options.heapMb = wholeNumber('--heap-mb', value());
        break;
      case '--duckdb-memory':
        options.duckdbMemory = memorySize('--duckdb-memory', value() ?? '');
        break;
      default:
        throw new RangeError(
          `unknown argument ${arg} (known: --tickers N --years N --concurrency N --skip-dlt --cpu-prof DIR --heap-mb N --duckdb-memory SIZE)`,
        );
    }
  }
  return options;
}

/** `n` bench tickers ('BA000', 'BA001', ...): valid symbols the replay server invents series for. */
export function benchTickers(n: number): string[] {
  return Array.from(
    { length: n },
    (_, i) => `B${String.fromCharCode(65 + (Math.floor(i / 1000) % 26))}${String(i % 1000).padStart(3, '0')}`,
  );
}

/** Items per second; 0 when no time passed. */
export function perSecond(items: number, ms: number): number {
  return ms > 0 ? (items * 1000) / ms : 0;
}

/** a / b, 0 when b is 0 (a skipped comparison). */
export function ratio(a: number, b: number): number {
  return b > 0 ? a / b : 0;
}

/** Peak RSS in MB (1 MB = 1024 * 1024 bytes) from kilobytes, as VmHWM and maxRSS report it. */
export function kbToMb(kb: number): number {
  return kb / 1024;
}

/** The bench's last line, exactly as `npm run bench:prices` promises it. */
export function resultLine(r: {
  barsPerS: number;
  peakRssMb: number;
  dltBarsPerS: number;
  floorBarsPerS: number;
}): string {
  return [
    'RESULT prices',
    `bars_per_s=${Math.round(r.barsPerS)}`,
    `peak_rss_mb=${Math.round(r.peakRssMb)}`,
    `dlt_bars_per_s=${Math.round(r.dltBarsPerS)}`,
    `ratio_vs_dlt=${ratio(r.barsPerS, r.dltBarsPerS).toFixed(2)}`,
    `floor_bars_per_s=${Math.round(r.floorBarsPerS)}`,
    `ratio_vs_floor=${ratio(r.barsPerS, r.floorBarsPerS).toFixed(3)}`,
  ].join(' ');
}

/** What a ratio to the floor leaves for our work once the indicators are paid for. */
export interface FloorBudget {
  /** Longest our run may take for `targetRatio` of the floor's bars/s, ms. */
  allowedMs: number;
  /** What is left of it for fetch -> validate -> lake -> MERGE after the indicators, ms. */
  leftForLoadMs: number;
  /** What that part took, ms (our run less its indicators). */
  loadMs: number;
}

/**
 * The time arithmetic behind the floor target: at `targetRatio` of the floor's rate our run may
 * take `floorMs / targetRatio`; the indicators (which the floor does not compute) come out of
 * that first, and what remains is all the fetch, validation, lake and MERGE may take. Pure.
 */
export function floorBudget(
  r: { floorMs: number; oursMs: number; indicatorsMs: number },
  targetRatio = 0.5,
): FloorBudget {
  const allowedMs = r.floorMs / targetRatio;
  return { allowedMs, leftForLoadMs: allowedMs - r.indicatorsMs, loadMs: r.oursMs - r.indicatorsMs };
}

/** CPU seconds of the work every design of the prices pipeline must do, each at its least. */
export interface LeastWork {
  /** The floor's fetch + JSON.parse + DuckDB append (its load alone). */
  floorLoadCpuS: number;
  /** Our indicators phase (SQL on DuckDB; the floor computes none). */
  indicatorsCpuS: number;
  /** Every bar through the Parquet encoder, one file per day. */
  parquetCpuS: number;
  /** The MERGE statement alone, from typed staging into an empty table. */
  mergeCpuS: number;
  /** The zod contract and sanity rules on the provider-neutral bars. */
  validateCpuS: number;
  /** The answers gzipped (level 1) for the raw lake. */
  rawCpuS: number;
  /** Those files written to a local directory at their least: plain writes, no fsync, no rename. */
  lakeWriteCpuS: number;
}

/**
 * The best ratio to the floor that `cores` allow when a run must spend at least `least` CPU: at
 * ratio r our run takes floorMs / r, in which `cores` give cores x floorMs / r CPU, so
 * r <= cores x floorMs / needed. Cursors and the ledger count as free, the lake's writes at their
 * least, and every core as busy all the time, so no real run can beat it. Pure.
 */
export function floorCpuBound(
  least: LeastWork,
  floorMs: number,
  cores: number,
): { neededCpuS: number; maxRatio: number } {
  const neededCpuS =
    least.floorLoadCpuS +
    least.indicatorsCpuS +
    least.parquetCpuS +
    least.mergeCpuS +
    least.validateCpuS +
    least.rawCpuS +
    least.lakeWriteCpuS;
  return { neededCpuS, maxRatio: neededCpuS > 0 ? (cores * floorMs) / 1000 / neededCpuS : Number.POSITIVE_INFINITY };
}
