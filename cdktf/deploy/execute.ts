/**
 * Runs a deploy plan, step by step, through an injected command runner (runner.ts spawns the real
 * programs; tests record). Thin on purpose: what runs, and in which order, is plan.ts's decision.
 * The first failing step stops the deploy; what was applied stays applied, and a new `make deploy`
 * picks up from there (every apply is idempotent, and a pushed image is found by its tag).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { contentTag } from '../streamer-image';
import type { DeployCommand, DeployStep } from './plan';
import { readWorkerPoolImages } from './synthesized-image';

/** Runs one command in `cwd` with its extra environment; resolves to its exit code. */
export type CommandRunner = (command: DeployCommand, cwd: string) => Promise<number>;

/** Where and how steps run. */
export interface ExecuteOptions {
  readonly cwd: string;
  readonly run: CommandRunner;
  /** Progress lines (stdout in main.ts). */
  readonly write: (text: string) => void;
  /** Waits between image build attempts; default a real 60 s timer (tests pass one that returns at once). */
  readonly pause?: (ms: number) => Promise<void>;
}

/**
 * Attempts of the image build, and the pause between them. The platform apply just granted the
 * build account its roles, and IAM takes up to a few minutes to apply a new grant
 * (https://cloud.google.com/iam/docs/access-change-propagation): a first build on a fresh project
 * can be refused while the grant propagates, and succeed a minute later.
 */
export const IMAGE_BUILD_ATTEMPTS = 3;
export const IMAGE_BUILD_PAUSE_MS = 60_000;

/** A step that failed: which one, and why. */
export class DeployStepError extends Error {
  constructor(
    readonly step: DeployStep['id'],
    reason: string,
  ) {
    super(`Deploy step '${step}' failed: ${reason}`);
    this.name = 'DeployStepError';
  }
}

/** Runs `steps` in order. Throws DeployStepError at the first failure; later steps do not run. */
export async function executePlan(steps: readonly DeployStep[], options: ExecuteOptions): Promise<void> {
  for (const [index, step] of steps.entries()) {
    options.write(`==> [${index + 1}/${steps.length}] ${step.id}: ${step.title}\n`);
    if (step.id === 'verify-image') {
      verifyImage(step);
      continue;
    }
    if (step.id === 'build-image') {
      for (const file of step.files) {
        mkdirSync(dirname(file.path), { recursive: true });
        writeFileSync(file.path, file.content);
      }
    }
    const attempts = step.id === 'build-image' ? IMAGE_BUILD_ATTEMPTS : 1;
    for (let attempt = 1; ; attempt += 1) {
      let code: number;
      try {
        code = await options.run(step.command, options.cwd);
      } catch (error) {
        throw new DeployStepError(step.id, `cannot start ${step.command.program}: ${(error as Error).message}`);
      }
      if (code === 0) break;
      const failure = `${[step.command.program, ...step.command.args].join(' ')} exited with ${code}`;
      if (attempt >= attempts)
        throw new DeployStepError(step.id, attempts > 1 ? `${failure} (${attempts} attempts)` : failure);
      options.write(
        `    ${failure}; attempt ${attempt + 1} of ${attempts} in ${IMAGE_BUILD_PAUSE_MS / 1000} s (a new IAM grant may still be propagating)\n`,
      );
      await (options.pause ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(IMAGE_BUILD_PAUSE_MS);
    }
  }
}

/**
 * The synthesized worker pool runs exactly the preflight's image, and the context synth wrote still
 * has that image's digest: otherwise the sources changed since the preflight, and the build would
 * push bytes the pool does not run (or the reverse).
 */
function verifyImage(step: Extract<DeployStep, { id: 'verify-image' }>): void {
  const images = readWorkerPoolImages(step.stackFile);
  if (images.length === 0 || images.some((image) => image !== step.reference)) {
    throw new DeployStepError(
      'verify-image',
      `the synthesized worker pool runs ${images.join(', ') || 'no image'}, the preflight checked ${step.reference}; run make deploy again`,
    );
  }
  const tag = step.reference.slice(step.reference.lastIndexOf(':') + 1);
  const onDisk = contentTag(step.contextDir);
  if (onDisk !== tag)
    throw new DeployStepError(
      'verify-image',
      `the build context ${step.contextDir} has digest ${onDisk}, not ${tag}; run make deploy again`,
    );
}
