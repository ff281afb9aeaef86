/**
 * Cold start of every function: for each `functions/<name>/index.ts`, build the same bundle that
 * deploys (cdktf/function-source.ts), then import it in fresh Node processes and report the time
 * from process start to "module loaded and handler registered" (performance.now() in the child,
 * whose origin is process start, so Node's own boot is included as on a real cold start).
 * Heavy clients (DuckDB, kafkajs, BigQuery) must load lazily for a function to stay under target.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleFunction } from '../../cdktf/function-source';

/** One function's measurement. */
export interface ColdStart {
  readonly name: string;
  /** Median over `runs` fresh processes, in milliseconds. */
  readonly medianMs: number;
  readonly runsMs: readonly number[];
  /** npm packages the import loaded (from require.cache), sorted. */
  readonly packages: readonly string[];
}

/** Clients that must load lazily (on first use), never at import: each costs 100+ ms of cold start. */
export const HEAVY_PACKAGES: readonly string[] = [
  '@duckdb/node-api',
  'kafkajs',
  '@google-cloud/bigquery',
  '@google-cloud/storage',
  '@google-cloud/pubsub',
];

/** The functions to measure: every folder under `functions/` holding an index.ts, sorted. */
export function discoverFunctions(repoRoot: string): string[] {
  const dir = join(repoRoot, 'functions');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

// Runs in the child: load the bundle, then report ms since process start.
const PROBE = [
  "const{performance}=require('node:perf_hooks');",
  'require(process.argv[1]);',
  'const ms=performance.now();',
  'const pk=Object.keys(require.cache).map((p)=>(p.match(/node_modules\\/((@[^/]+\\/)?[^/]+)/)||[])[1]).filter(Boolean);',
  'process.stdout.write(JSON.stringify({ms,packages:[...new Set(pk)].sort()}));',
].join('');

/** Bundles `name` and times `runs` fresh imports of it. Throws (with the child's stderr) when the import fails. */
export function measureFunction(repoRoot: string, name: string, runs: number): ColdStart {
  const dir = bundleFunction(
    { name, function: { folder: `functions/${name}` } },
    { repoRoot, outDir: join(repoRoot, 'dist', 'cold-start') },
  );
  const runsMs: number[] = [];
  let packages: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const out = execFileSync(process.execPath, ['-e', PROBE, join(dir, 'index.js')], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, METADATA_SERVER_DETECTION: 'none', NODE_ENV: 'production' },
    });
    const probe = JSON.parse(out) as { ms: number; packages: string[] };
    runsMs.push(Math.round(probe.ms));
    packages = probe.packages;
  }
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { name, medianMs: sorted[Math.floor(sorted.length / 2)]!, runsMs, packages };
}

/** The RESULT line: the slowest function's median. */
export function resultLine(results: readonly ColdStart[]): string {
  if (results.length === 0) return 'RESULT cold_start max_ms=0 worst=none';
  const worst = results.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
  return `RESULT cold_start max_ms=${worst.medianMs} worst=${worst.name}`;
}
