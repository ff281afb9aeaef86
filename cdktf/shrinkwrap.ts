/**
 * A pruned npm-shrinkwrap.json for a deployed bundle: the root package-lock.json's entries for the
 * bundle's packages and everything they depend on, nothing else. Cloud Build (functions) and the
 * image build (streamer) then run `npm ci` against exactly the versions the tests ran with, instead
 * of resolving transitive dependencies afresh on every deploy.
 */

/** One entry of a lockfile v3 `packages` map (only the fields read here). */
interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  [field: string]: unknown;
}

/** The part of package-lock.json (lockfileVersion 2 or 3) this reads. */
export interface PackageLock {
  lockfileVersion: number;
  packages: Record<string, LockEntry>;
}

/**
 * The shrinkwrap for a manifest `{ name, version, dependencies }`: the root entry plus every lock
 * entry reachable from `dependencies`, resolved the way Node does (nearest `node_modules` up the
 * tree). Dev markers are dropped: what is reachable from a production dependency is production.
 * Throws naming a package the lock does not hold (the bundle needs something never installed).
 */
export function pruneLock(
  lock: PackageLock,
  manifest: { name: string; version: string; dependencies: Record<string, string> },
): PackageLock {
  if (lock.lockfileVersion < 2)
    throw new Error(
      `package-lock.json lockfileVersion ${lock.lockfileVersion} has no 'packages' map; run npm 7 or newer`,
    );
  const kept: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean): void => {
    const path = resolveFrom(lock, from, name);
    if (path === undefined) {
      if (optional) return;
      throw new Error(`package-lock.json holds no '${name}' reachable from '${from || '(root)'}'`);
    }
    if (kept[path] !== undefined) return;
    const { dev: _dev, devOptional: _devOptional, ...entry } = lock.packages[path]!;
    kept[path] = entry;
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
    for (const dep of Object.keys(entry.peerDependencies ?? {}))
      visit(path, dep, entry.peerDependenciesMeta?.[dep]?.optional === true);
  };
  for (const name of Object.keys(manifest.dependencies)) visit('', name, false);
  const sorted = Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((path) => [path, kept[path]!]),
  );
  return {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: manifest.name, version: manifest.version, dependencies: manifest.dependencies },
      ...sorted,
    },
  } as PackageLock;
}

/** Node's lookup: `<from>/node_modules/<name>`, then each ancestor's, then the top level. */
function resolveFrom(lock: PackageLock, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base === '' ? '' : `${base}/`}node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at === -1 ? '' : base.slice(0, at);
  }
}
