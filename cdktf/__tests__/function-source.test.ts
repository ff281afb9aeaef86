/**
 * The function bundler: our code inlined, npm packages listed in the function's own package.json
 * at the repo's pinned versions, and clear failures for a missing entry, a bad import or a
 * package the cloud would not install.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bundleFunction, LOCAL_ONLY_PACKAGES, packageOf } from '../function-source';

function fixtureRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'bundle-repo-'));
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write(
    'package.json',
    JSON.stringify({
      engines: { node: '>=20' },
      dependencies: { '@google-cloud/functions-framework': '5.0.2', zod: '4.1.12', '@duckdb/node-api': '1.5.6-r.1' },
      devDependencies: { jest: '29.7.0' },
    }),
  );
  const lockEntry = (version: string, dependencies?: Record<string, string>) => ({
    version,
    resolved: `https://registry.npmjs.org/x/-/x-${version}.tgz`,
    integrity: 'sha512-x',
    ...(dependencies ? { dependencies } : {}),
  });
  write(
    'package-lock.json',
    JSON.stringify({
      name: 'fixture',
      lockfileVersion: 3,
      requires: true,
      packages: {
        '': { name: 'fixture' },
        'node_modules/@google-cloud/functions-framework': lockEntry('5.0.2', { express: '^4' }),
        'node_modules/express': lockEntry('4.21.2'),
        'node_modules/zod': lockEntry('4.1.12'),
        'node_modules/jest': { ...lockEntry('29.7.0'), dev: true },
      },
    }),
  );
  write('shared/util.ts', 'export const twice = (n: number): number => n * 2;\n');
  for (const [path, text] of Object.entries(files)) write(path, text);
  return root;
}

const entry = (folder: string) => ({ name: 'demo', function: { folder } });

describe('bundleFunction', () => {
  it('inlines our modules and lists exactly the npm packages the bundle requires', () => {
    const root = fixtureRepo({
      'functions/demo/index.ts':
        "import { z } from 'zod';\nimport { readFileSync } from 'node:fs';\nimport { twice } from '../../shared/util';\nexport const x = [z, readFileSync, twice(2)];\n",
    });
    const dir = bundleFunction(entry('functions/demo'), { repoRoot: root, outDir: join(root, 'out') });
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(manifest).toEqual({
      name: 'market-data-fn-demo',
      version: '0.0.0',
      private: true,
      main: 'index.js',
      engines: { node: '>=22 <23' },
      dependencies: { '@google-cloud/functions-framework': '5.0.2', zod: '4.1.12' },
    });
    // The shrinkwrap holds the bundle's packages and what they need (express), nothing else (jest).
    const shrinkwrap = JSON.parse(readFileSync(join(dir, 'npm-shrinkwrap.json'), 'utf8'));
    expect(Object.keys(shrinkwrap.packages)).toEqual([
      '',
      'node_modules/@google-cloud/functions-framework',
      'node_modules/express',
      'node_modules/zod',
    ]);
    expect(shrinkwrap.packages[''].dependencies).toEqual(manifest.dependencies);
    const code = readFileSync(join(dir, 'index.js'), 'utf8');
    expect(code).toContain('require("zod")');
    expect(code).not.toMatch(/require\("\.\.?\//);
    expect(code).toContain('n * 2');
  });

  it('fails on a missing entry module, a broken import, and a devDependency the cloud would not install', () => {
    const root = fixtureRepo({
      'functions/broken/index.ts': "import { nope } from '../../shared/missing';\nexport const y = nope;\n",
      'functions/dev/index.ts': "import { expect } from 'jest';\nexport const z = expect;\n",
    });
    const out = join(root, 'out');
    expect(() => bundleFunction(entry('functions/absent'), { repoRoot: root, outDir: out })).toThrow(
      /entry module .*functions\/absent\/index\.ts does not exist/,
    );
    expect(() => bundleFunction(entry('functions/broken'), { repoRoot: root, outDir: out })).toThrow(
      'Could not resolve "../../shared/missing"',
    );
    expect(() => bundleFunction(entry('functions/dev'), { repoRoot: root, outDir: out })).toThrow(
      "Function 'demo' requires jest, not in package.json dependencies",
    );
  });

  it('names packages by their root, builtins by nothing', () => {
    expect(packageOf('@google-cloud/storage/build/src')).toBe('@google-cloud/storage');
    expect(packageOf('zod/v4')).toBe('zod');
    expect(packageOf('node:fs')).toBeUndefined();
    expect(packageOf('fs/promises')).toBeUndefined();
  });

  it('leaves DuckDB out of every deployed function, each of which still lists the BigQuery client', () => {
    const repoRoot = resolve(__dirname, '..', '..');
    const out = mkdtempSync(join(tmpdir(), 'bundle-real-'));
    for (const name of ['prices', 'news', 'dashboard']) {
      const dir = bundleFunction({ name, function: { folder: `functions/${name}` } }, { repoRoot, outDir: out });
      const dependencies = Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies);
      expect(dependencies).toContain('@google-cloud/bigquery');
      for (const local of LOCAL_ONLY_PACKAGES) expect(dependencies).not.toContain(local);
    }
  });

  it('a deployed bundle asked for DuckDB fails with an error naming the setting, not a bare missing module', () => {
    const repoRoot = resolve(__dirname, '..', '..');
    const root = fixtureRepo({
      'functions/demo/index.ts': `import { createWarehouse } from ${JSON.stringify(join(repoRoot, 'shared', 'warehouse'))};\nexport const open = () => createWarehouse({ backend: 'duckdb', duckdbPath: ':memory:', dataset: 'd', location: 'US' });\n`,
    });
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    writeFileSync(
      join(root, 'package.json'),
      JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, '@google-cloud/bigquery': '8.1.1' } }),
    );
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
    lock.packages['node_modules/@google-cloud/bigquery'] = { version: '8.1.1' };
    writeFileSync(join(root, 'package-lock.json'), JSON.stringify(lock));
    const dir = bundleFunction(entry('functions/demo'), { repoRoot: root, outDir: join(root, 'out') });
    expect(Object.keys(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).dependencies)).not.toContain(
      '@duckdb/node-api',
    );
    // As installed in the cloud: the bundle and its manifest, no DuckDB anywhere it can resolve.
    const script = `require(${JSON.stringify(join(dir, 'index.js'))}).open().then(() => console.log('opened'), (e) => console.log(e.name + ': ' + e.message))`;
    const printed = execFileSync(process.execPath, ['-e', script], { cwd: dir, encoding: 'utf8' });
    expect(printed).toContain('StorageError: WAREHOUSE_BACKEND=duckdb needs @duckdb/node-api');
    expect(printed).toContain('set WAREHOUSE_BACKEND=bigquery');
  });
});
