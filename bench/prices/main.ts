/**
 * `npm run bench:prices`: 500 tickers x 5 years of daily bars (Yahoo chart v8 from the replay
 * server) loaded three ways in one run, each in its own process so each peak RSS is its own:
 *
 * 1. floor: the same requests at the same concurrency, JSON-parsed and appended to DuckDB; no
 *    validation, no lake, no MERGE (the physical limit of this path);
 * 2. ours: the real prices pipeline (`runPricesFromConfig`, a backfill) through validation, raw and
 *    clean Parquet lake (local dir), MERGE into DuckDB, cursors, ledger, then indicators;
 * 3. dlt: bench/prices/dlt_load.py in a venv this bench creates once (dlt-venv.ts), one resource
 *    per ticker, merge on (ticker, date) into DuckDB.
 *
 * 4. the least work (extras-worker.ts): clean Parquet, the MERGE, validation, the raw gzip and the
 *    lake's file writes alone, on the bars ours loaded; with the floor's CPU and our indicators'
 *    CPU they bound the ratio a run reaches on this machine's cores (stats.ts `floorCpuBound`).
 *
 * The replay server regenerates series per request, so a cache front (cache-front.ts) is warmed
 * first and every loader reads the same bytes from it. Our worker runs within a 512 MB function's
 * means: V8 old space 256 MB, DuckDB memory_limit 128MB (--heap-mb 0 / --duckdb-memory '' lift
 * them). Options: --tickers N --years N --concurrency N --skip-dlt --cpu-prof DIR --heap-mb N
 * --duckdb-memory SIZE (or PRICES_BENCH_* variables; see stats.ts).
 * Last line: `RESULT prices bars_per_s=<n> peak_rss_mb=<n> dlt_bars_per_s=<n> ratio_vs_dlt=<n> floor_bars_per_s=<n> ratio_vs_floor=<n>`.
 */
import { fork, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import * as path from 'node:path';
import { startPriceReplayServer } from '../../dev/replay';
import { standInPaths } from '../../dev/services/paths';
import { startCacheFront } from './cache-front';
import { topSelfTime, type CpuProfile } from './cpu-profile';
import { ensureDltVenv } from './dlt-venv';
import type { ExtrasWorkerArgs } from './extras-worker';
import type { FloorWorkerArgs } from './floor-worker';
import type { OursWorkerArgs } from './ours-worker';
import { BENCH_TODAY, benchPlan } from './plan';
import { floorBudget, floorCpuBound, kbToMb, parseBenchOptions, perSecond, ratio, resultLine } from './stats';
import { EXTRAS_FACTS, INDICATORS_CPU_FACT, INDICATORS_PHASE, LOAD_CPU_FACT, type WorkerReport } from './worker-report';

const say = (line: string) => process.stdout.write(`${line}\n`);
/** Cores every loader shares (the CI machine has 2). */
const cores = availableParallelism();

/** Runs a TypeScript worker (tsx) with its args in a JSON file; resolves with its report. */
function runNodeWorker(file: string, args: object, work: string, execArgv: string[] = []): Promise<WorkerReport> {
  const argsFile = path.join(work, `${path.basename(file, '.ts')}-args.json`);
  writeFileSync(argsFile, JSON.stringify(args));
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, file), [argsFile], {
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let report: WorkerReport | undefined;
    child.on('message', (message: WorkerReport) => (report = message));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 && report
        ? resolve(report)
        : reject(new Error(`${file} exited with ${code}${report ? '' : ' without a report'}`)),
    );
  });
}

/** Runs the dlt script in the venv; resolves with the report it prints as its last line. */
function runDlt(python: string, args: object, work: string): Promise<WorkerReport> {
  const argsFile = path.join(work, 'dlt-args.json');
  writeFileSync(argsFile, JSON.stringify(args));
  return new Promise((resolve, reject) => {
    const child = spawn(python, [path.join(__dirname, 'dlt_load.py'), argsFile], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`dlt_load.py exited with ${code}: ${out.slice(-2000)}`));
      try {
        resolve(JSON.parse(last) as WorkerReport);
      } catch {
        reject(new Error(`dlt_load.py printed no report: ${out.slice(-2000)}`));
      }
    });
  });
}

function describe(label: string, report: WorkerReport): void {
  say(
    `${label}: ${report.bars} bars in ${(report.ms / 1000).toFixed(2)} s = ${Math.round(perSecond(report.bars, report.ms))} bars/s, peak RSS ${kbToMb(report.maxRssKb).toFixed(0)} MB`,
  );
  for (const [phase, ms] of Object.entries(report.phases)) say(`  ${phase}: ${(ms / 1000).toFixed(2)} s`);
  if (Object.keys(report.facts).length > 0)
    say(
      `  ${Object.entries(report.facts)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
}

function filesUnder(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else n += 1;
    }
  };
  walk(dir);
  return n;
}

/** Prints where our worker's main thread spent its time (the largest profile: tsx's loader thread writes one too). */
function summarizeProfiles(dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  const name = files.sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size)[0];
  if (name !== undefined) {
    const profile = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as CpuProfile;
    say(`profile ${path.join(dir, name)}: self time by file`);
    for (const row of topSelfTime(profile, 15, 'file'))
      say(`  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.name}`);
    say('  top functions:');
    for (const row of topSelfTime(profile, 15, 'function'))
      say(`  ${(row.share * 100).toFixed(1).padStart(5)}%  ${row.ms.toFixed(0).padStart(6)} ms  ${row.name}`);
  }
}

async function main(): Promise<void> {
  const options = parseBenchOptions(process.argv.slice(2), process.env);
  const plan = benchPlan(options.tickers, options.years);
  const work = mkdtempSync(path.join(tmpdir(), 'bench-prices-'));
  say(
    `prices bench: ${plan.tickers.length} tickers x ${plan.from}..${plan.to} (${plan.requests.length} requests), concurrency ${options.concurrency}, work dir ${work}`,
  );
  say(
    `ours runs as a 512 MB function would: V8 old space ${options.heapMb > 0 ? `${options.heapMb} MB` : 'Node default'}, DuckDB memory_limit ${options.duckdbMemory || 'DuckDB default (80% of RAM)'}`,
  );
  const python = options.skipDlt ? undefined : ensureDltVenv(standInPaths(process.env).cacheDir, say);
  const replay = await startPriceReplayServer({ today: BENCH_TODAY });
  const front = await startCacheFront(replay.baseUrl);
  try {
    const w0 = Date.now();
    const bytes = await front.warm(
      plan.requests.map((r) => r.path),
      2,
    );
    say(
      `warm-up: ${plan.requests.length} answers, ${(bytes / 1e6).toFixed(1)} MB cached in ${((Date.now() - w0) / 1000).toFixed(1)} s`,
    );

    front.resetCounts();
    const floor = await runNodeWorker(
      'floor-worker.ts',
      {
        baseUrl: front.baseUrl,
        paths: plan.requests,
        concurrency: options.concurrency,
        duckdbPath: path.join(work, 'floor.duckdb'),
      } satisfies FloorWorkerArgs,
      work,
    );
    describe('floor', floor);

    front.resetCounts();
    const oursArgs: OursWorkerArgs = {
      baseUrl: front.baseUrl,
      tickers: plan.tickers,
      from: plan.from,
      to: plan.to,
      concurrency: options.concurrency,
      lakeDir: path.join(work, 'lake'),
      duckdbPath: path.join(work, 'ours.duckdb'),
      ...(options.duckdbMemory ? { duckdbMemoryLimit: options.duckdbMemory } : {}),
    };
    if (options.cpuProfDir) mkdirSync(options.cpuProfDir, { recursive: true });
    const profDir =
      options.cpuProfDir === undefined ? undefined : mkdtempSync(path.join(path.resolve(options.cpuProfDir), 'ours-'));
    const profArgs = profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir] : [];
    const heapArgs = options.heapMb > 0 ? [`--max-old-space-size=${options.heapMb}`] : [];
    const ours = await runNodeWorker('ours-worker.ts', oursArgs, work, [...profArgs, ...heapArgs]);
    const oursCounts = front.counts();
    describe('ours', ours);
    say(`  lake objects: ${filesUnder(oursArgs.lakeDir)}; cache hits ${oursCounts.hits}, misses ${oursCounts.misses}`);
    if (ours.bars !== floor.bars) say(`WARNING: ours loaded ${ours.bars} bars, the floor ${floor.bars}`);
    const extras = await runNodeWorker(
      'extras-worker.ts',
      {
        oursDuckdbPath: oursArgs.duckdbPath,
        baseUrl: front.baseUrl,
        paths: plan.requests,
        today: BENCH_TODAY,
      } satisfies ExtrasWorkerArgs,
      work,
    );

    let dltBarsPerS = 0;
    if (python !== undefined) {
      front.resetCounts();
      const dlt = await runDlt(
        python,
        {
          baseUrl: front.baseUrl,
          requests: plan.requests,
          concurrency: options.concurrency,
          duckdbPath: path.join(work, 'dlt.duckdb'),
          workDir: path.join(work, 'dlt'),
        },
        work,
      );
      describe('dlt', dlt);
      if (dlt.bars !== floor.bars) say(`WARNING: dlt loaded ${dlt.bars} bars, the floor ${floor.bars}`);
      dltBarsPerS = perSecond(dlt.bars, dlt.ms);
    }
    if (profDir) summarizeProfiles(profDir);

    const barsPerS = perSecond(ours.bars, ours.ms);
    const floorBarsPerS = perSecond(floor.bars, floor.ms);
    say(
      `ours / dlt = ${ratio(barsPerS, dltBarsPerS).toFixed(2)} (target >= 5); ours / floor = ${ratio(barsPerS, floorBarsPerS).toFixed(3)} (target >= 0.5); peak RSS ${kbToMb(ours.maxRssKb).toFixed(0)} MB (target <= 512)`,
    );
    const budget = floorBudget({
      floorMs: floor.ms,
      oursMs: ours.ms,
      indicatorsMs: ours.phases[INDICATORS_PHASE] ?? 0,
    });
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    say(
      `why: at 0.5 x floor ours may take ${s(budget.allowedMs)}; the indicators alone took ${s(ours.phases[INDICATORS_PHASE] ?? 0)}, leaving ${s(budget.leftForLoadMs)} ` +
        `for fetch -> validate -> lake -> MERGE (the floor's fetch + append alone: ${s(floor.ms)}), which took ${s(budget.loadMs)}; CPU ${ours.facts.cpuSeconds} s vs the floor's ${floor.facts.cpuSeconds} s`,
    );
    const fact = (report: WorkerReport, name: string) => Number(report.facts[name] ?? 0);
    const least = {
      floorLoadCpuS: fact(floor, LOAD_CPU_FACT),
      indicatorsCpuS: fact(ours, INDICATORS_CPU_FACT),
      parquetCpuS: fact(extras, EXTRAS_FACTS.parquetCpuS),
      mergeCpuS: fact(extras, EXTRAS_FACTS.mergeCpuS),
      validateCpuS: fact(extras, EXTRAS_FACTS.validateCpuS),
      rawCpuS: fact(extras, EXTRAS_FACTS.rawCpuS),
      lakeWriteCpuS: fact(extras, EXTRAS_FACTS.lakeWriteCpuS),
    };
    const bound = floorCpuBound(least, floor.ms, cores);
    say(
      `least CPU the required work costs, each step alone: the floor's fetch + parse + append ${least.floorLoadCpuS.toFixed(2)} + indicators (our SQL) ${least.indicatorsCpuS.toFixed(2)} + clean Parquet ` +
        `(${extras.facts[EXTRAS_FACTS.parquetFiles]} day files) ${least.parquetCpuS.toFixed(2)} + MERGE ${least.mergeCpuS.toFixed(2)} + validation ${least.validateCpuS.toFixed(2)} + raw gzip ${least.rawCpuS.toFixed(2)} + ` +
        `lake writes (plain, no fsync) ${least.lakeWriteCpuS.toFixed(2)} = ${bound.neededCpuS.toFixed(2)} CPU-s; ${cores} cores at full use give ours / floor <= ${bound.maxRatio.toFixed(3)} (target 0.5) with cursors and ledger free`,
    );
    say(resultLine({ barsPerS, peakRssMb: kbToMb(ours.maxRssKb), dltBarsPerS, floorBarsPerS }));
  } finally {
    await front.stop();
    await replay.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `prices bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
