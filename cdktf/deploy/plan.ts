/**
 * The deploy as an ordered list of steps, made from the config and the preflight's facts. Pure: the
 * same inputs give the same steps, which a unit test reads without running anything.
 *
 *   (preflight passed) -> synth -> verify-image -> apply platform -> build image (only when its tag
 *   is not in Artifact Registry) -> apply streaming + pipelines
 *
 * The platform stack goes first (APIs, then everything else after a pause; the image repository,
 * Kafka and the build account live there); the image is pushed before the worker pool that runs it
 * is applied. Every apply uses the synthesized output as is (`--skip-synth`), so what is applied is
 * what was synthesized with the versions the preflight pinned.
 */
import type { DeployConfig } from '../config';
import { streamerBuildConfig } from './cloudbuild';
import type { PreflightReport } from './preflight';
import { blockersOf } from './findings';

/** A program to run, with the variables it gets on top of the deploy's own environment. */
export interface DeployCommand {
  readonly program: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

/** Where things are on disk (absolute paths). */
export interface DeployPaths {
  /** Working directory of every command: the repository root. */
  readonly repoRoot: string;
  /** The deploy config file, as synth reads it. */
  readonly configFile: string;
  /** cdktf's output (`cdktf.out`). */
  readonly synthDir: string;
  /** The streamer image's build context, as synth writes it (`dist/streamer-image`). */
  readonly imageContext: string;
  /** Where the generated Cloud Build config is written (outside the context: it would change its digest). */
  readonly buildConfigFile: string;
}

/** One step of a deploy. */
export type DeployStep =
  | { readonly id: 'synth'; readonly title: string; readonly command: DeployCommand }
  | {
      readonly id: 'verify-image';
      readonly title: string;
      readonly reference: string;
      readonly stackFile: string;
      readonly contextDir: string;
    }
  | { readonly id: 'apply-platform'; readonly title: string; readonly command: DeployCommand }
  | {
      readonly id: 'build-image';
      readonly title: string;
      readonly files: readonly { readonly path: string; readonly content: string }[];
      readonly command: DeployCommand;
    }
  | {
      readonly id: 'apply-workloads';
      readonly title: string;
      readonly stacks: readonly string[];
      readonly command: DeployCommand;
    };

/** Thrown when asked to plan from a preflight that found blockers: nothing may be applied. */
export class PreflightBlockedError extends Error {
  constructor(readonly blockers: number) {
    super(
      `The preflight found ${blockers} blocking problem(s): nothing is applied until they are fixed (make preflight lists them)`,
    );
    this.name = 'PreflightBlockedError';
  }
}

/**
 * The steps of a deploy of `config`. Throws PreflightBlockedError when the report has a blocker,
 * and an Error when streaming is on but the report has no image (a preflight bug).
 */
export function planDeploy(config: DeployConfig, report: PreflightReport, paths: DeployPaths): DeployStep[] {
  const blockers = blockersOf(report.findings).length;
  if (blockers > 0) throw new PreflightBlockedError(blockers);
  // Sorted, so the same versions always give the same variable (and the same synth).
  const versions = Object.fromEntries(Object.entries(report.secretVersions).sort(([a], [b]) => a.localeCompare(b)));
  const env = {
    CHECKPOINT_DISABLE: '1',
    DEPLOY_CONFIG: paths.configFile,
    DEPLOY_SECRET_VERSIONS: JSON.stringify(versions),
  };
  const cdktf = (...args: string[]): DeployCommand => ({ program: 'npx', args: ['cdktf', ...args], env });
  const steps: DeployStep[] = [
    { id: 'synth', title: 'synthesize the stacks with the pinned secret versions', command: cdktf('synth') },
  ];

  const streaming = config.streaming !== undefined;
  if (streaming) {
    if (report.image === undefined) throw new Error('planDeploy: streaming is on but the preflight found no image');
    steps.push({
      id: 'verify-image',
      title: `check the synthesized worker pool runs ${report.image.reference}`,
      reference: report.image.reference,
      stackFile: `${paths.synthDir}/stacks/streaming/cdk.tf.json`,
      contextDir: paths.imageContext,
    });
  }
  steps.push({
    id: 'apply-platform',
    title: 'apply the platform stack (APIs first, then everything that needs them)',
    command: cdktf('deploy', 'platform', '--auto-approve', '--skip-synth'),
  });
  if (streaming && report.image !== undefined && !report.image.present) {
    const build = streamerBuildConfig({ reference: report.image.reference, projectId: config.projectId });
    steps.push({
      id: 'build-image',
      title: `build and push ${report.image.reference} with Cloud Build`,
      files: [{ path: paths.buildConfigFile, content: `${JSON.stringify(build, null, 2)}\n` }],
      command: {
        program: 'gcloud',
        args: [
          'builds',
          'submit',
          paths.imageContext,
          `--config=${paths.buildConfigFile}`,
          `--project=${config.projectId}`,
          `--region=${config.region}`,
        ],
        env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
      },
    });
  }
  const stacks = streaming ? ['streaming', 'pipelines'] : ['pipelines'];
  steps.push({
    id: 'apply-workloads',
    title: `apply ${stacks.join(' and ')}`,
    stacks,
    // Their dependency, platform, was applied by the step before; cdktf would refuse without the flag.
    command: cdktf('deploy', ...stacks, '--auto-approve', '--skip-synth', '--ignore-missing-stack-dependencies'),
  });
  return steps;
}
