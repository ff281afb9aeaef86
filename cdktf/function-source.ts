/**
 * Builds the deployable source of one pipeline function: its entry module bundled by esbuild into
 * one CommonJS file (our own code inlined, npm packages left as `require`s), beside a package.json
 * that lists exactly the packages the bundle requires, at the versions the repo pins. Cloud Build
 * then installs only those, so a function never carries another's heavy clients (DuckDB, kafkajs)
 * and its cold start loads only what it uses. The same bundle is what bench/cold-start measures.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { buildSync, type BuildFailure, type BuildOptions } from 'esbuild';

/** Maps a registry entry to the directory holding its deployable source (what gets archived). */
export type FunctionSourceBuilder = (entry: { readonly name: string; readonly function: { readonly folder: string } }) => string;

/** Where to read the repo and where to write bundles. */
export interface FunctionBundlerOptions {
  readonly repoRoot: string;
  /** Parent of one directory per function; default `<repoRoot>/dist/function-source`. */
  readonly outDir?: string;
}

/** The npm package a bare import specifier belongs to (`@scope/name/sub` -> `@scope/name`), or undefined for builtins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Packages only the embedded local defaults use. A deployed function's warehouse is BigQuery, and
 * shared/warehouse loads DuckDB lazily, only for WAREHOUSE_BACKEND=duckdb (bench/cold-start checks
 * no function loads it at import), so manifests leave out its native binding, tens of MB Cloud
 * Build would otherwise install for every function. A deployment configured for DuckDB anyway
 * fails its first run with an error naming the setting (shared/warehouse/index.ts).
 */
export const LOCAL_ONLY_PACKAGES: readonly string[] = ['@duckdb/node-api'];

/**
 * Bundles `<folder>/index.ts` into `<outDir>/<name>/index.js` (+ source map) with a package.json
 * listing the packages it requires, LOCAL_ONLY_PACKAGES left out. Synchronous (synth is). Throws
 * when the entry module is missing, when the bundle fails, or when the bundle requires a package
 * the root package.json does not list under `dependencies` (a devDependency would be missing in
 * the cloud).
 */
export function bundleFunction(entry: Parameters<FunctionSourceBuilder>[0], options: FunctionBundlerOptions): string {
  const { repoRoot } = options;
  const entryFile = join(repoRoot, entry.function.folder, 'index.ts');
  if (!existsSync(entryFile)) throw new Error(`Function '${entry.name}': entry module ${entryFile} does not exist`);
  const dir = join(options.outDir ?? join(repoRoot, 'dist', 'function-source'), entry.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = bundleOrExplain(entry.name, {
    entryPoints: [entryFile],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    metafile: true,
  });
  const required = new Set<string>(['@google-cloud/functions-framework']);
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      const name = imported.external ? packageOf(imported.path) : undefined;
      if (name !== undefined && !LOCAL_ONLY_PACKAGES.includes(name)) required.add(name);
    }
  }
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; engines?: unknown };
  const missing = [...required].filter((name) => root.dependencies?.[name] === undefined);
  if (missing.length > 0) throw new Error(`Function '${entry.name}' requires ${missing.join(', ')}, not in package.json dependencies`);
  const dependencies = Object.fromEntries([...required].sort().map((name) => [name, root.dependencies![name]!]));
  const manifest = { name: `market-data-fn-${entry.name}`, version: '0.0.0', private: true, main: 'index.js', engines: root.engines, dependencies };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** Runs esbuild; a failed build becomes one Error listing each message with its file and line. */
function bundleOrExplain(name: string, options: BuildOptions & { metafile: true }) {
  try {
    return buildSync({ ...options, logLevel: 'silent' });
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const lines = (failure.errors ?? []).map((m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`);
    throw new Error(`Function '${name}': bundling failed:\n  ${lines.join('\n  ') || String(error)}`, { cause: error });
  }
}

/** A `FunctionSourceBuilder` that bundles each function with `bundleFunction`. */
export function createFunctionBundler(options: FunctionBundlerOptions): FunctionSourceBuilder {
  return (entry) => bundleFunction(entry, options);
}
