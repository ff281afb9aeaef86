/**
 * `cdktf synth` of the whole app, through the project's own pinned cdktf CLI, offline: it must
 * succeed, write cdk.tf.json for both stacks, and take under a minute. The real registry and the
 * real function bundles are used (this is what `make synth` runs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIPELINES } from '../../shared/pipelines/registry';

const repoRoot = join(__dirname, '..', '..');

describe('cdktf synth of the whole app', () => {
  it('succeeds, writes cdk.tf.json for every stack, in under a minute', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-synth-'));
    const started = Date.now();
    const run = spawnSync(join(repoRoot, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, GOOGLE_CLOUD_PROJECT: 'market-data-test', CHECKPOINT_DISABLE: '1', CI: '1', FORCE_COLOR: '0' },
    });
    const elapsedMs = Date.now() - started;
    process.stdout.write(`cdktf synth took ${elapsedMs} ms\n`);
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(elapsedMs).toBeLessThan(60_000);
    const pipelines = JSON.parse(readFileSync(join(outdir, 'stacks', 'pipelines', 'cdk.tf.json'), 'utf8'));
    const platform = JSON.parse(readFileSync(join(outdir, 'stacks', 'platform', 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(pipelines.resource.google_cloudfunctions2_function)).toHaveLength(PIPELINES.length + 1); // + the dashboard
    expect(Object.keys(platform.resource.google_bigquery_dataset)).toHaveLength(1);
  }, 120_000);
});
