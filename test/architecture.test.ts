/**
 * The architecture as a test, in the spirit of segment's action-destinations: the import layers of
 * docs/architecture.md (.dependency-cruiser.cjs) hold for the real tree, and each rule is shown to fire on a
 * planted violation, so the check itself can fail.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

const repoRoot = join(__dirname, '..');
const depcruise = join(repoRoot, 'node_modules', '.bin', 'depcruise');
const config = join(repoRoot, '.dependency-cruiser.cjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

function cruise(cwd: string, roots: string[]): Violation[] {
  const out = execFileSync(depcruise, ['--config', config, '--output-type', 'json', ...roots], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}

function existingRoots(cwd: string): string[] {
  return ['shared', 'functions', 'streamer', 'cdktf'].filter((dir) => {
    try {
      return statSync(join(cwd, dir)).isDirectory();
    } catch {
      return false;
    }
  });
}

describe('architecture: import layers of docs/architecture.md', () => {
  it('the real tree has no violation', () => {
    const violations = cruise(repoRoot, existingRoots(repoRoot));
    expect(violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)).toEqual([]);
  });

  describe('each rule fires on a planted violation', () => {
    let fixture: string;
    let planted: Violation[];
    const plant = (files: Record<string, string>) => {
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(dirname(join(fixture, path)), { recursive: true });
        writeFileSync(join(fixture, path), text);
      }
    };

    beforeAll(() => {
      fixture = mkdtempSync(join(tmpdir(), 'arch-'));
      writeFileSync(
        join(fixture, 'tsconfig.json'),
        JSON.stringify({ compilerOptions: { module: 'commonjs', strict: true } }),
      );
      plant({
        'shared/config/load.ts': "import { x } from '../http/client';\nexport const y = x;\n",
        'shared/http/client.ts': 'export const x = 1;\n',
        'shared/sources/yahoo/client.ts': "import { put } from '../../lake/gcs';\nexport const z = put;\n",
        'shared/lake/gcs.ts': "import { q } from '../warehouse/query';\nexport const put = q;\n",
        'shared/warehouse/query.ts': "import { run } from '../pipelines/run';\nexport const q = run;\n",
        'shared/pipelines/run.ts':
          "import { handler } from '../../functions/prices/index';\nexport const run = handler;\n",
        'functions/prices/index.ts': "import { x } from '../../shared/http/client';\nexport const handler = x;\n",
        'cdktf/main.ts': "import { q } from '../shared/warehouse/query';\nexport const app = q;\n",
        // cdktf may use shared/http's retry loop, not its client.
        'cdktf/deploy/rest.ts': "import { x } from '../../shared/http/client';\nexport const get = x;\n",
        'shared/indicators/sma.ts': "import { x } from '../http/client';\nexport const sma = x;\n",
        'shared/scheduler/scheduler.ts': "import { q } from '../warehouse/query';\nexport const tick = q;\n",
        'shared/cli/main.ts': "import { put } from '../lake/gcs';\nexport const main = put;\n",
        'shared/dashboard/api.ts': "import { tick } from '../scheduler/scheduler';\nexport const api = tick;\n",
        // Inside shared/pipelines: the loop reaching into a pipeline; a pipeline reaching into
        // another (and into the catalog), beside the edges that are allowed (loop/, the watchlist).
        'shared/pipelines/loop/extract.ts': "import { plan } from '../prices/plan';\nexport const extract = plan;\n",
        'shared/pipelines/loop/step.ts': 'export const step = 1;\n',
        'shared/pipelines/prices/plan.ts': 'export const plan = 1;\n',
        'shared/pipelines/prices/settings.ts': 'export const watchlist = 1;\n',
        'shared/pipelines/catalog.ts': 'export const RUNNERS = 1;\n',
        'shared/pipelines/news/definition.ts':
          "import { plan } from '../prices/plan';\nimport { step } from '../loop/step';\nexport const d = [plan, step];\n",
        'shared/pipelines/news/settings.ts':
          "import { watchlist } from '../prices/settings';\nexport const s = watchlist;\n",
        'shared/pipelines/crunchbase/run.ts': "import { RUNNERS } from '../catalog';\nexport const run = RUNNERS;\n",
      });
      planted = cruise(fixture, existingRoots(fixture));
    });
    afterAll(() => rmSync(fixture, { recursive: true, force: true }));

    it.each([
      ['layer-1-is-the-floor', 'shared/config/load.ts'],
      ['sources-do-not-store', 'shared/sources/yahoo/client.ts'],
      ['adapters-are-independent', 'shared/lake/gcs.ts'],
      ['adapters-do-not-fetch', 'shared/warehouse/query.ts'],
      ['shared-never-imports-entry-points', 'shared/pipelines/run.ts'],
      ['functions-are-thin', 'functions/prices/index.ts'],
      ['cdktf-reads-pure-data-only', 'cdktf/main.ts'],
      ['cdktf-reads-pure-data-only', 'cdktf/deploy/rest.ts'],
      ['indicators-are-pure', 'shared/indicators/sma.ts'],
      ['scheduler-reads-only-the-registry', 'shared/scheduler/scheduler.ts'],
      ['cli-is-an-entry-point', 'shared/cli/main.ts'],
      ['nothing-in-shared-imports-cli-or-scheduler', 'shared/dashboard/api.ts'],
      ['loop-knows-no-pipeline', 'shared/pipelines/loop/extract.ts'],
      ['pipelines-are-independent', 'shared/pipelines/news/definition.ts'],
      ['pipelines-are-independent', 'shared/pipelines/crunchbase/run.ts'],
    ])('%s catches %s', (rule, from) => {
      expect(planted.filter((v) => v.rule.name === rule).map((v) => v.from)).toContain(from);
    });

    it('pipelines-are-independent lets a pipeline use loop/ and read the watchlist from prices/settings.ts', () => {
      expect(
        planted
          .filter((v) => v.rule.name === 'pipelines-are-independent')
          .map((v) => `${v.from} -> ${v.to}`)
          .sort(),
      ).toEqual([
        'shared/pipelines/crunchbase/run.ts -> shared/pipelines/catalog.ts',
        'shared/pipelines/news/definition.ts -> shared/pipelines/prices/plan.ts',
      ]);
    });
  });
});

describe('architecture: only shared/config reads process.env', () => {
  const productDirs = ['shared', 'functions', 'streamer', 'cdktf'];
  // cdktf's command-line entry points (main, trigger, deploy/main) hand process.env to pure parsers
  // (readDeployConfig, parseDeploySettings(env)), as functions-framework's entry hands it to
  // parseOptions; everything below them receives config.
  const allowed = /^shared\/config\/|\.test\.ts$|^shared\/testing\/|^cdktf\/(main|trigger|deploy\/main)\.ts$/;

  function tsFiles(dir: string): string[] {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return [];
    }
    return entries.flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
  }

  it('no product file outside shared/config mentions process.env', () => {
    const offenders = productDirs
      .flatMap((dir) => tsFiles(join(repoRoot, dir)))
      .map((path) => relative(repoRoot, path))
      .filter((path) => !allowed.test(path))
      .filter((path) => /process\.env\b/.test(readFileSync(join(repoRoot, path), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
