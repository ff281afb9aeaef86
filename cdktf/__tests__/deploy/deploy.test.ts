/**
 * `make deploy` end to end on this machine: the preflight against the local Google stand-in, then
 * the plan executed through a recording command runner standing in for the cdktf CLI, Terraform and
 * gcloud (which would reach Google). The runner's synth is the real stacks synthesized with the
 * versions the deploy handed over, so a versions map synth cannot mount fails the run.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { REQUIRED_APIS } from '../../constructs/api-gate';
import { readDeployConfig } from '../../config-file';
import { BOOTSTRAP_APIS } from '../../deploy/checks/apis';
import { runDeploy, type DeployRun } from '../../deploy/deploy';
import {
  DeployStepError,
  IMAGE_BUILD_ATTEMPTS,
  IMAGE_BUILD_PAUSE_MS,
  executePlan,
  type CommandRunner,
} from '../../deploy/execute';
import type { DeployCommand, DeployStep } from '../../deploy/plan';
import { workerPoolImages } from '../../deploy/synthesized-image';
import { PipelinesStack } from '../../stacks/pipelines';
import { StreamingStack } from '../../stacks/streaming';
import { contentTag, imageReference } from '../../streamer-image';
import { stubSourceBuilder, synthStreaming, testConfig, TEST_FILE } from '../helpers';
import { healthyProject, startGoogleStandIn, type GoogleStandIn, type StandInProject } from './google-standin';

const TOKEN = 'ya29.deploy-test';
const repoRoot = join(__dirname, '..', '..', '..');
const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the file's tests. */
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  scratch.push(dir);
  return dir;
}

function pathWith(...programs: string[]): string {
  const dir = tempDir('deploy-path-');
  for (const name of programs) writeFileSync(join(dir, name), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  return dir;
}

function project(): StandInProject {
  const p = healthyProject(TEST_FILE.project, TEST_FILE.stateBucket, [...BOOTSTRAP_APIS, ...REQUIRED_APIS]);
  for (const id of ['apca-api-key-id', 'apca-api-secret-key', 'crunchbase-api-key'])
    p.secrets.set(id, [{ number: 1, state: 'ENABLED' }]);
  p.secrets.set('product-hunt-token', [
    { number: 1, state: 'ENABLED' },
    { number: 2, state: 'ENABLED' },
    { number: 3, state: 'DISABLED' },
  ]);
  return p;
}

/**
 * Records every command; on `cdktf synth` writes what the real synth would for the streaming and
 * pipelines stacks (built from the config file and DEPLOY_SECRET_VERSIONS it was handed, with the
 * image tagged by the context's digest, as cdktf/main.ts does). `failOn` makes one step exit 1.
 */
function recordingRunner(
  synthDir: string,
  imageContext: string,
  failOn?: string,
): { run: CommandRunner; commands: DeployCommand[] } {
  const commands: DeployCommand[] = [];
  const run: CommandRunner = async (command) => {
    commands.push(command);
    const line = [command.program, ...command.args].join(' ');
    if (failOn !== undefined && line.includes(failOn)) return 1;
    if (line === 'npx cdktf synth') {
      const config = readDeployConfig(command.env.DEPLOY_CONFIG);
      const secretVersions = JSON.parse(command.env.DEPLOY_SECRET_VERSIONS!) as Record<string, string>;
      try {
        Testing.synth(
          new PipelinesStack(Testing.app(), 'pipelines', { config, secretVersions, sourceFor: stubSourceBuilder() }),
        );
        if (config.streaming !== undefined) {
          const image = imageReference(config.region, config.projectId, contentTag(imageContext));
          const text = Testing.synth(new StreamingStack(Testing.app(), 'streaming', { config, image, secretVersions }));
          mkdirSync(join(synthDir, 'stacks', 'streaming'), { recursive: true });
          writeFileSync(join(synthDir, 'stacks', 'streaming', 'cdk.tf.json'), text);
        }
      } catch {
        return 1;
      }
    }
    return 0;
  };
  return { run, commands };
}

describe('runDeploy (preflight -> plan -> execute)', () => {
  let standIn: GoogleStandIn | undefined;
  afterEach(async () => {
    await standIn?.close();
    standIn = undefined;
  });

  async function deploy(
    state: StandInProject,
    file: object,
    options: { preflightOnly?: boolean; failOn?: string; path?: string } = {},
  ) {
    standIn = await startGoogleStandIn(state, { accessToken: TOKEN });
    const dir = tempDir('deploy-run-');
    const configFile = join(dir, 'deploy.json');
    writeFileSync(configFile, JSON.stringify({ ...TEST_FILE, ...file }));
    const paths = {
      synthDir: join(dir, 'cdktf.out'),
      imageContext: join(dir, 'streamer-image'),
      buildConfigFile: join(dir, 'streamer-image.cloudbuild.json'),
    };
    const recorder = recordingRunner(paths.synthDir, paths.imageContext, options.failOn);
    let output = '';
    const run: DeployRun = {
      settings: {
        configPath: configFile,
        accessToken: TOKEN,
        endpoints: standIn.endpoints,
        terraformBinary: 'terraform',
        path: options.path ?? pathWith('terraform', 'gcloud'),
      },
      repoRoot,
      preflightOnly: options.preflightOnly ?? false,
      run: recorder.run,
      write: (text) => {
        output += text;
      },
      paths,
      http: { baseDelayMs: 1 },
    };
    const outcome = await runDeploy(run).then(
      (code) => ({ code, error: undefined }),
      (error: unknown) => ({ code: undefined, error }),
    );
    return {
      ...outcome,
      output,
      commands: recorder.commands,
      lines: recorder.commands.map((c) => [c.program, ...c.args].join(' ')),
      paths,
      configFile,
    };
  }

  it('deploys a healthy project in order, building the missing image as the build account with the pinned versions', async () => {
    const result = await deploy(project(), {});
    expect(result.error).toBeUndefined();
    expect(result.code).toBe(0);
    const tag = contentTag(result.paths.imageContext);
    const image = imageReference('us-central1', TEST_FILE.project, tag);
    expect(result.lines).toEqual([
      'npx cdktf synth',
      'npx cdktf deploy platform --auto-approve --skip-synth',
      `gcloud builds submit ${result.paths.imageContext} --config=${result.paths.buildConfigFile} --project=${TEST_FILE.project} --region=us-central1`,
      'npx cdktf deploy streaming pipelines --auto-approve --skip-synth --ignore-missing-stack-dependencies',
    ]);
    expect(JSON.parse(result.commands[0]!.env.DEPLOY_SECRET_VERSIONS!)).toEqual({
      APCA_API_KEY_ID: '1',
      APCA_API_SECRET_KEY: '1',
      CRUNCHBASE_API_KEY: '1',
      PRODUCT_HUNT_TOKEN: '2',
    });
    expect(result.commands[0]!.env.DEPLOY_CONFIG).toBe(result.configFile);
    const build = JSON.parse(readFileSync(result.paths.buildConfigFile, 'utf8')) as {
      images: string[];
      serviceAccount: string;
      options: { logging: string };
    };
    expect(build).toMatchObject({
      images: [image],
      serviceAccount: `projects/${TEST_FILE.project}/serviceAccounts/fn-builder@${TEST_FILE.project}.iam.gserviceaccount.com`,
      options: { logging: 'CLOUD_LOGGING_ONLY' },
    });
    // The synthesized worker pool runs the image that was built.
    expect(
      workerPoolImages(
        JSON.parse(readFileSync(join(result.paths.synthDir, 'stacks', 'streaming', 'cdk.tf.json'), 'utf8')),
      ),
    ).toEqual([image]);
    expect(result.output).toContain('nothing blocks the deploy');
    expect(result.output).toContain('==> [5/5] apply-workloads');
  });

  it('skips the build when the tag is already in Artifact Registry', async () => {
    const state = project();
    // The context is deterministic: the tag the deploy will compute is the one a first run wrote.
    const first = await deploy(state, {}, { preflightOnly: true });
    state.imageTags.add(contentTag(first.paths.imageContext));
    await standIn!.close();
    standIn = undefined;
    const result = await deploy(state, {});
    expect(result.code).toBe(0);
    expect(result.lines.filter((l) => l.startsWith('gcloud'))).toEqual([]);
    expect(existsSync(result.paths.buildConfigFile)).toBe(false);
  });

  it('streaming off: no image, no streaming stack', async () => {
    const result = await deploy(project(), { streaming: { enabled: false } });
    expect(result.code).toBe(0);
    expect(result.lines).toEqual([
      'npx cdktf synth',
      'npx cdktf deploy platform --auto-approve --skip-synth',
      'npx cdktf deploy pipelines --auto-approve --skip-synth --ignore-missing-stack-dependencies',
    ]);
    expect(existsSync(result.paths.imageContext)).toBe(false);
  });

  it('runs nothing when the preflight blocks, and prints every problem', async () => {
    const state = project();
    state.billingEnabled = false;
    state.secrets.delete('product-hunt-token');
    const result = await deploy(state, {}, { path: pathWith('gcloud') });
    expect(result.code).toBe(1);
    expect(result.commands).toEqual([]);
    expect(result.output.split('\n')[0]).toBe(`Preflight of project ${TEST_FILE.project}: 3 blocking, 0 warnings`);
    expect(result.output).toContain('fix: gcloud billing accounts list');
    expect(result.output).toContain('fix: gcloud secrets create product-hunt-token');
    expect(result.output).toContain('terraform is not on PATH');
  });

  it('make preflight: reports and stops even when nothing blocks', async () => {
    const result = await deploy(project(), {}, { preflightOnly: true });
    expect(result.code).toBe(0);
    expect(result.commands).toEqual([]);
    expect(result.output).toContain('nothing blocks the deploy');
  });

  it('stops at the first failing step: nothing after a failed platform apply runs', async () => {
    const result = await deploy(project(), {}, { failOn: 'deploy platform' });
    expect(result.error).toBeInstanceOf(DeployStepError);
    expect((result.error as Error).message).toBe(
      "Deploy step 'apply-platform' failed: npx cdktf deploy platform --auto-approve --skip-synth exited with 1",
    );
    expect(result.lines).toEqual(['npx cdktf synth', 'npx cdktf deploy platform --auto-approve --skip-synth']);
  });
});

describe('executePlan: the image check between synth and apply', () => {
  const write = () => undefined;

  function stepsFor(reference: string, stackJson: string, contextDir: string): DeployStep[] {
    const dir = tempDir('verify-');
    writeFileSync(join(dir, 'cdk.tf.json'), stackJson);
    return [
      { id: 'verify-image', title: 'check', reference, stackFile: join(dir, 'cdk.tf.json'), contextDir },
      {
        id: 'apply-platform',
        title: 'apply',
        command: { program: 'npx', args: ['cdktf', 'deploy', 'platform'], env: {} },
      },
    ];
  }

  function context(): { dir: string; tag: string } {
    const dir = tempDir('image-context-');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM node:22-bookworm-slim\n');
    return { dir, tag: contentTag(dir) };
  }

  it('reads the worker pool image from a synthesized streaming stack', () => {
    const config = testConfig();
    expect(workerPoolImages(synthStreaming(config).json)).toEqual([
      `us-central1-docker.pkg.dev/${config.projectId}/market-data/streamer:0123abcd`,
    ]);
    expect(workerPoolImages({ resource: {} })).toEqual([]);
  });

  it('passes when the stack runs the checked image built from this context', async () => {
    const { dir, tag } = context();
    const reference = `us-central1-docker.pkg.dev/p/market-data/streamer:${tag}`;
    const config = testConfig();
    const stack = Testing.synth(
      new StreamingStack(Testing.app(), 'streaming', {
        config,
        image: reference,
        secretVersions: { APCA_API_KEY_ID: '1', APCA_API_SECRET_KEY: '1' },
      }),
    );
    const ran: string[] = [];
    await executePlan(stepsFor(reference, stack, dir), {
      cwd: repoRoot,
      write,
      run: async (c) => (ran.push(c.args.join(' ')), 0),
    });
    expect(ran).toEqual(['cdktf deploy platform']);
  });

  it('stops before any apply when the synthesized stack runs another image, or the context changed', async () => {
    const { dir, tag } = context();
    const reference = `us-central1-docker.pkg.dev/p/market-data/streamer:${tag}`;
    const otherStack = JSON.stringify(synthStreaming(testConfig()).json);
    const ran: string[] = [];
    const run: CommandRunner = async (c) => (ran.push(c.args.join(' ')), 0);
    await expect(executePlan(stepsFor(reference, otherStack, dir), { cwd: repoRoot, write, run })).rejects.toThrow(
      `the synthesized worker pool runs us-central1-docker.pkg.dev/market-data-test/market-data/streamer:0123abcd, the preflight checked ${reference}`,
    );

    const stack = Testing.synth(
      new StreamingStack(Testing.app(), 'streaming', {
        config: testConfig(),
        image: reference,
        secretVersions: { APCA_API_KEY_ID: '1', APCA_API_SECRET_KEY: '1' },
      }),
    );
    writeFileSync(join(dir, 'index.js'), 'changed after the preflight\n');
    await expect(executePlan(stepsFor(reference, stack, dir), { cwd: repoRoot, write, run })).rejects.toThrow(
      `has digest ${contentTag(dir)}, not ${tag}`,
    );
    expect(ran).toEqual([]);
  });

  it('tries the image build again after a pause (a fresh grant may still propagate), at most IMAGE_BUILD_ATTEMPTS times; other steps once', async () => {
    const build: DeployStep = {
      id: 'build-image',
      title: 'build',
      files: [],
      command: { program: 'gcloud', args: ['builds', 'submit'], env: {} },
    };
    const apply: DeployStep = {
      id: 'apply-workloads',
      title: 'apply',
      stacks: ['pipelines'],
      command: { program: 'npx', args: ['cdktf', 'deploy', 'pipelines'], env: {} },
    };
    const pauses: number[] = [];
    const pause = async (ms: number) => void pauses.push(ms);
    const codes = [1, 0, 0];
    const ran: string[] = [];
    await executePlan([build, apply], {
      cwd: repoRoot,
      write,
      pause,
      run: async (c) => (ran.push(c.program), codes.shift()!),
    });
    expect(ran).toEqual(['gcloud', 'gcloud', 'npx']);
    expect(pauses).toEqual([IMAGE_BUILD_PAUSE_MS]);

    pauses.length = 0;
    await expect(executePlan([build, apply], { cwd: repoRoot, write, pause, run: async () => 1 })).rejects.toThrow(
      `exited with 1 (${IMAGE_BUILD_ATTEMPTS} attempts)`,
    );
    expect(pauses).toHaveLength(IMAGE_BUILD_ATTEMPTS - 1);
    let applies = 0;
    await expect(
      executePlan([apply], { cwd: repoRoot, write, pause, run: async () => ((applies += 1), 1) }),
    ).rejects.toThrow("Deploy step 'apply-workloads' failed");
    expect(applies).toBe(1);
  });

  it('reports a program that cannot start as the failed step', async () => {
    const steps: DeployStep[] = [
      { id: 'synth', title: 'synth', command: { program: 'npx', args: ['cdktf', 'synth'], env: {} } },
    ];
    await expect(
      executePlan(steps, { cwd: repoRoot, write, run: () => Promise.reject(new Error('spawn npx ENOENT')) }),
    ).rejects.toThrow("Deploy step 'synth' failed: cannot start npx: spawn npx ENOENT");
  });
});
