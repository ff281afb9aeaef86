/**
 * The rehearsal's synth: the real `cdktf synth` (the project's pinned CLI, offline) from a deploy
 * config written for the stand-ins, as `make deploy` would run it after its preflight resolved the
 * secrets' versions.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DeployConfigFile } from '../../cdktf/config';
import type { SecretVersions } from '../../cdktf/secret-names';

/** Writes `config` to `<workDir>/deploy.json` and synthesizes into `<workDir>/cdktf.out`; returns that directory. */
export async function synthesize(
  repoRoot: string,
  workDir: string,
  config: DeployConfigFile,
  secretVersions: SecretVersions,
): Promise<string> {
  const configFile = join(workDir, 'deploy.json');
  writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
  const outDir = join(workDir, 'cdktf.out');
  try {
    await promisify(execFile)(join(repoRoot, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outDir], {
      cwd: repoRoot,
      timeout: 180_000,
      maxBuffer: 16 * 1024 * 1024,
      env: {
        ...process.env,
        DEPLOY_CONFIG: configFile,
        DEPLOY_SECRET_VERSIONS: JSON.stringify(secretVersions),
        CHECKPOINT_DISABLE: '1',
        CI: '1',
        FORCE_COLOR: '0',
      },
    });
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`cdktf synth failed: ${failure.stderr || failure.stdout || failure.message}`);
  }
  return outDir;
}
