/**
 * `cdktf synth` of the whole app, through the project's own pinned cdktf CLI, offline, from the
 * shipped example deploy config: it must succeed, write cdk.tf.json for the three stacks with the
 * workload stacks applied after the platform stack, write the streamer image's build context with
 * the image tag the worker pool uses, and take under a minute. The real registry and the real
 * bundles are used (this is what `make synth` runs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PIPELINES } from '../../shared/pipelines/registry';
import { contentTag } from '../streamer-image';

const repoRoot = join(__dirname, '..', '..');

describe('cdktf synth of the whole app', () => {
  it('succeeds, writes cdk.tf.json for every stack in order, and the image context, in under a minute', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cdktf-synth-'));
    const started = Date.now();
    const run = spawnSync(join(repoRoot, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        DEPLOY_CONFIG: join(repoRoot, 'cdktf', 'deploy.example.json'),
        DEPLOY_SECRET_VERSIONS:
          '{"APCA_API_KEY_ID":"2","APCA_API_SECRET_KEY":"2","PRODUCT_HUNT_TOKEN":"1","CRUNCHBASE_API_KEY":"5"}',
        CHECKPOINT_DISABLE: '1',
        CI: '1',
        FORCE_COLOR: '0',
      },
    });
    const elapsedMs = Date.now() - started;
    process.stdout.write(`cdktf synth took ${elapsedMs} ms\n`);
    expect({ status: run.status, stderr: run.stderr.slice(-2000) }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(elapsedMs).toBeLessThan(60_000);
    const stack = (name: string) => JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
    expect(Object.keys(stack('pipelines').resource.google_cloudfunctions2_function)).toHaveLength(PIPELINES.length + 1); // + the dashboard
    expect(Object.keys(stack('platform').resource.google_bigquery_dataset)).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      stacks: Record<string, { dependencies: string[] }>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual(['pipelines', 'platform', 'streaming']);
    expect(manifest.stacks.platform!.dependencies).toEqual([]);
    expect(manifest.stacks.streaming!.dependencies).toEqual(['platform']);
    expect(manifest.stacks.pipelines!.dependencies).toEqual(['platform']);
    const context = join(repoRoot, 'dist', 'streamer-image');
    for (const file of ['Dockerfile', 'index.js', 'package.json', 'npm-shrinkwrap.json'])
      expect(existsSync(join(context, file))).toBe(true);
    const pool = Object.values(
      stack('streaming').resource.google_cloud_run_v2_worker_pool as Record<
        string,
        { template: { containers: { image: string }[] } }
      >,
    )[0]!;
    expect(pool.template.containers[0]!.image).toBe(
      `us-central1-docker.pkg.dev/acme-mdp-prod/market-data/streamer:${contentTag(context)}`,
    );
  }, 120_000);
});
