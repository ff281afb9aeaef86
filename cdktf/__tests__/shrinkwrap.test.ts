/** The pruned shrinkwrap: what the manifest's packages reach, resolved as Node resolves, nothing else. */
import { pruneLock, type PackageLock } from '../shrinkwrap';

const lock: PackageLock = {
  lockfileVersion: 3,
  packages: {
    '': { name: 'root' },
    'node_modules/a': { version: '1.0.0', dependencies: { b: '^2', c: '^1' }, optionalDependencies: { gone: '^1' } },
    'node_modules/a/node_modules/b': { version: '2.0.0' },
    'node_modules/b': { version: '1.0.0' },
    'node_modules/c': { version: '1.0.0', dependencies: { b: '^1' }, peerDependencies: { p: '^1' }, devOptional: true },
    'node_modules/p': { version: '1.0.0', dev: true },
    'node_modules/unrelated': { version: '9.9.9' },
  },
};

describe('pruneLock', () => {
  it('keeps what the dependencies reach (nested copies first, then the top level), drops the rest and the dev markers', () => {
    const pruned = pruneLock(lock, { name: 'fn', version: '0.0.0', dependencies: { a: '1.0.0' } });
    expect(Object.keys(pruned.packages)).toEqual([
      '',
      'node_modules/a',
      'node_modules/a/node_modules/b',
      'node_modules/b',
      'node_modules/c',
      'node_modules/p',
    ]);
    expect(pruned.packages['']).toEqual({ name: 'fn', version: '0.0.0', dependencies: { a: '1.0.0' } });
    expect(pruned.packages['node_modules/c']!.devOptional).toBeUndefined();
    expect(pruned.packages['node_modules/p']!.dev).toBeUndefined();
  });

  it('throws naming a package the lock does not hold, and refuses a lockfile without a packages map', () => {
    expect(() => pruneLock(lock, { name: 'fn', version: '0.0.0', dependencies: { zzz: '1' } })).toThrow(
      "package-lock.json holds no 'zzz' reachable from '(root)'",
    );
    expect(() =>
      pruneLock({ lockfileVersion: 1, packages: {} }, { name: 'fn', version: '0.0.0', dependencies: {} }),
    ).toThrow(/lockfileVersion 1/);
  });
});
