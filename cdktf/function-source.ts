/**
 * Builds the deployable source of one pipeline function: its entry module bundled by esbuild into
 * one CommonJS file (our own code inlined, npm packages left as `require`s), beside a package.json
 * that lists exactly the packages the bundle requires, at the versions the repo pins. Cloud Build
 * then installs only those, so a function never carries another's heavy clients (DuckDB, kafkajs)
 * and its cold start loads only what it uses. The same bundle is what bench/cold-start measures.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { buildSync, type BuildFailure, type BuildOptions } from 'esbuild';
import { DEPLOYED_ENGINES, DEPLOYED_NODE_MAJOR } from './runtime';
import { pruneLock, type PackageLock } from './shrinkwrap';

/** Maps a registry entry to the directory holding its deployable source (what gets archived). */
export type FunctionSourceBuilder = (entry: {
  readonly name: string;
  readonly function: { readonly folder: string };
}) => string;

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

/** A bundled deployable: its directory and the repo files esbuild put in it. */
export interface Bundle {
  readonly dir: string;
  /** Repo-relative source files inlined in the bundle (esbuild's metafile inputs), sorted. */
  readonly inputs: readonly string[];
  /** The generated manifest's `dependencies`. */
  readonly dependencies: Readonly<Record<string, string>>;
}

/**
 * Bundles `entryFile` into `<dir>/index.js` (+ source map) beside a package.json listing the
 * packages it requires (LOCAL_ONLY_PACKAGES left out, `alwaysInclude` added) at the root's pinned
 * versions, with `engines` of the deployed Node, and an npm-shrinkwrap.json pruned from the root
 * lock. Synchronous (synth is). Throws when the entry is missing, the bundle fails, or the bundle
 * requires a package the root package.json does not list under `dependencies` (a devDependency
 * would be missing in the cloud).
 */
export function bundleEntry(options: {
  repoRoot: string;
  name: string;
  label: string;
  entryFile: string;
  dir: string;
  alwaysInclude?: readonly string[];
}): Bundle {
  const { repoRoot, name, label, entryFile, dir } = options;
  if (!existsSync(entryFile)) throw new Error(`${label}: entry module ${entryFile} does not exist`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = bundleOrExplain(label, {
    entryPoints: [entryFile],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: `node${DEPLOYED_NODE_MAJOR}`,
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    metafile: true,
  });
  const required = new Set<string>(options.alwaysInclude ?? []);
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      const pkg = imported.external ? packageOf(imported.path) : undefined;
      if (pkg !== undefined && !LOCAL_ONLY_PACKAGES.includes(pkg)) required.add(pkg);
    }
  }
  const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const missing = [...required].filter((pkg) => root.dependencies?.[pkg] === undefined);
  if (missing.length > 0) throw new Error(`${label} requires ${missing.join(', ')}, not in package.json dependencies`);
  const dependencies = Object.fromEntries([...required].sort().map((pkg) => [pkg, root.dependencies![pkg]!]));
  const manifest = {
    name: `market-data-${name}`,
    version: '0.0.0',
    private: true,
    main: 'index.js',
    engines: DEPLOYED_ENGINES,
    dependencies,
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as PackageLock;
  writeFileSync(join(dir, 'npm-shrinkwrap.json'), `${JSON.stringify(pruneLock(lock, manifest), null, 2)}\n`);
  const inputs = Object.keys(result.metafile.inputs)
    .map((path) => relative(repoRoot, resolve(path)))
    .sort();
  return { dir, inputs, dependencies };
}

/**
 * Bundles a function's `<folder>/index.ts` into `<outDir>/<name>/` (bundleEntry), with
 * functions-framework always in its manifest (the runtime starts it).
 */
export function bundleFunctionSource(
  entry: Parameters<FunctionSourceBuilder>[0],
  options: FunctionBundlerOptions,
): Bundle {
  return bundleEntry({
    repoRoot: options.repoRoot,
    name: `fn-${entry.name}`,
    label: `Function '${entry.name}'`,
    entryFile: join(options.repoRoot, entry.function.folder, 'index.ts'),
    dir: join(options.outDir ?? join(options.repoRoot, 'dist', 'function-source'), entry.name),
    alwaysInclude: ['@google-cloud/functions-framework'],
  });
}

/** The directory of `bundleFunctionSource`. */
export function bundleFunction(entry: Parameters<FunctionSourceBuilder>[0], options: FunctionBundlerOptions): string {
  return bundleFunctionSource(entry, options).dir;
}

/** Runs esbuild; a failed build becomes one Error listing each message with its file and line. */
function bundleOrExplain(label: string, options: BuildOptions & { metafile: true }) {
  try {
    return buildSync({ ...options, logLevel: 'silent' });
  } catch (error) {
    const failure = error as Partial<BuildFailure>;
    const lines = (failure.errors ?? []).map(
      (m) => `${m.location ? `${m.location.file}:${m.location.line}: ` : ''}${m.text}`,
    );
    throw new Error(`${label}: bundling failed:\n  ${lines.join('\n  ') || String(error)}`, { cause: error });
  }
}

/** A `FunctionSourceBuilder` that bundles each function with `bundleFunction`. */
export function createFunctionBundler(options: FunctionBundlerOptions): FunctionSourceBuilder {
  return (entry) => bundleFunction(entry, options);
}
