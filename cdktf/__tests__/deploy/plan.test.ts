/**
 * The deploy's order as a pure function of the config and the preflight's facts: synth, the
 * platform stack, the image build only when its tag is missing, then the workloads; nothing at all
 * after a failed preflight; streaming off means no image and no streaming stack.
 */
import { buildServiceAccount, streamerBuildConfig } from '../../deploy/cloudbuild';
import { planDeploy, PreflightBlockedError, type DeployPaths, type DeployStep } from '../../deploy/plan';
import type { PreflightReport } from '../../deploy/preflight';
import { testConfig } from '../helpers';

const PATHS: DeployPaths = {
  repoRoot: '/repo',
  configFile: '/repo/deploy.json',
  synthDir: '/repo/cdktf.out',
  imageContext: '/repo/dist/streamer-image',
  buildConfigFile: '/repo/dist/streamer-image.cloudbuild.json',
};
const IMAGE = 'us-central1-docker.pkg.dev/market-data-test/market-data/streamer:0348f6e1311e19edf183';
const VERSIONS = { PRODUCT_HUNT_TOKEN: '2', APCA_API_KEY_ID: '3', CRUNCHBASE_API_KEY: '1', APCA_API_SECRET_KEY: '1' };

function report(image: PreflightReport['image'], findings: PreflightReport['findings'] = []): PreflightReport {
  return {
    findings: [{ check: 'project', severity: 'ok', message: 'active' }, ...findings],
    secretVersions: VERSIONS,
    image,
  };
}

const ids = (steps: readonly DeployStep[]) => steps.map((s) => s.id);
const commandLine = (step: DeployStep) =>
  'command' in step ? [step.command.program, ...step.command.args].join(' ') : undefined;

describe('planDeploy', () => {
  it('streaming on, image not yet pushed: synth, check the image, platform, build, then streaming and pipelines', () => {
    const steps = planDeploy(testConfig(), report({ reference: IMAGE, present: false }), PATHS);
    expect(ids(steps)).toEqual(['synth', 'verify-image', 'apply-platform', 'build-image', 'apply-workloads']);
    expect(steps.map(commandLine)).toEqual([
      'npx cdktf synth',
      undefined,
      'npx cdktf deploy platform --auto-approve --skip-synth',
      `gcloud builds submit /repo/dist/streamer-image --config=/repo/dist/streamer-image.cloudbuild.json --project=market-data-test --region=us-central1`,
      'npx cdktf deploy streaming pipelines --auto-approve --skip-synth --ignore-missing-stack-dependencies',
    ]);
    expect(steps[1]).toMatchObject({
      reference: IMAGE,
      stackFile: '/repo/cdktf.out/stacks/streaming/cdk.tf.json',
      contextDir: '/repo/dist/streamer-image',
    });
  });

  it('streaming on, image already in Artifact Registry: no build', () => {
    const steps = planDeploy(testConfig(), report({ reference: IMAGE, present: true }), PATHS);
    expect(ids(steps)).toEqual(['synth', 'verify-image', 'apply-platform', 'apply-workloads']);
  });

  it('streaming off: no image step and no streaming stack anywhere', () => {
    const steps = planDeploy(testConfig({ streaming: { enabled: false } }), report(undefined), PATHS);
    expect(ids(steps)).toEqual(['synth', 'apply-platform', 'apply-workloads']);
    expect(steps.at(-1)).toMatchObject({ stacks: ['pipelines'] });
    expect(steps.map(commandLine).join('\n')).not.toContain('streaming');
  });

  it('refuses to plan anything after a preflight with a blocker', () => {
    const blocked = report({ reference: IMAGE, present: false }, [
      { check: 'billing', severity: 'blocker', message: 'billing is not enabled', fix: 'gcloud billing projects link' },
    ]);
    expect(() => planDeploy(testConfig(), blocked, PATHS)).toThrow(PreflightBlockedError);
    // Warnings and info do not block.
    const warned = report({ reference: IMAGE, present: false }, [
      { check: 'state-bucket', severity: 'warning', message: 'versioning off' },
    ]);
    expect(ids(planDeploy(testConfig(), warned, PATHS))).toContain('apply-workloads');
  });

  it('hands synth and every apply the config file and the pinned versions (sorted, numbers only)', () => {
    const steps = planDeploy(testConfig(), report({ reference: IMAGE, present: false }), PATHS);
    const cdktfSteps = steps.filter(
      (s): s is Extract<DeployStep, { command: unknown }> => 'command' in s && s.command.program === 'npx',
    );
    expect(cdktfSteps.map((s) => s.id)).toEqual(['synth', 'apply-platform', 'apply-workloads']);
    for (const step of cdktfSteps) {
      expect(step.command.env).toEqual({
        CHECKPOINT_DISABLE: '1',
        DEPLOY_CONFIG: '/repo/deploy.json',
        DEPLOY_SECRET_VERSIONS:
          '{"APCA_API_KEY_ID":"3","APCA_API_SECRET_KEY":"1","CRUNCHBASE_API_KEY":"1","PRODUCT_HUNT_TOKEN":"2"}',
      });
    }
  });

  it('builds as the build account, logs to Cloud Logging (required for a user-specified account) and pushes only the content tag', () => {
    const steps = planDeploy(testConfig(), report({ reference: IMAGE, present: false }), PATHS);
    const build = steps.find((s): s is Extract<DeployStep, { id: 'build-image' }> => s.id === 'build-image')!;
    expect(build.files.map((f) => f.path)).toEqual(['/repo/dist/streamer-image.cloudbuild.json']);
    expect(JSON.parse(build.files[0]!.content)).toEqual({
      steps: [{ name: 'gcr.io/cloud-builders/docker', args: ['build', '--tag', IMAGE, '.'] }],
      images: [IMAGE],
      serviceAccount: 'projects/market-data-test/serviceAccounts/fn-builder@market-data-test.iam.gserviceaccount.com',
      options: { logging: 'CLOUD_LOGGING_ONLY' },
      timeout: '1200s',
    });
    expect(buildServiceAccount('p-1234')).toBe(
      'projects/p-1234/serviceAccounts/fn-builder@p-1234.iam.gserviceaccount.com',
    );
  });

  it('never builds an untagged or :latest image', () => {
    expect(() =>
      streamerBuildConfig({ reference: 'us-central1-docker.pkg.dev/p/market-data/streamer:latest', projectId: 'p' }),
    ).toThrow('needs a content tag');
    expect(() =>
      streamerBuildConfig({ reference: 'us-central1-docker.pkg.dev/p/market-data/streamer', projectId: 'p' }),
    ).toThrow('needs a content tag');
    expect(() => planDeploy(testConfig(), report(undefined), PATHS)).toThrow(
      'streaming is on but the preflight found no image',
    );
  });
});
