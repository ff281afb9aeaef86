/**
 * The deployed artifacts made ready as Google's builds would make them: a function's source
 * archive unpacked and its production dependencies installed from its own manifest and
 * shrinkwrap (`npm ci --omit=dev`, as Cloud Build's Node.js buildpack does when a lockfile is
 * there), the streamer image's build context installed the way its Dockerfile's RUN line does, and
 * the deployed Node major taken from the npm registry's `node` package (never a downloaded tarball).
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import extract from 'extract-zip';
import { DEPLOYED_NODE_MAJOR } from '../../cdktf/runtime';

const run = promisify(execFile);

/**
 * The path of a Node binary of the deployed major, installed by `npx -p node@<major>` into npm's
 * cache (the first call downloads the package; later ones reuse it).
 */
export async function deployedNodeBinary(major = DEPLOYED_NODE_MAJOR): Promise<{ path: string; version: string }> {
  const { stdout } = await run(
    'npx',
    ['-y', '-p', `node@${major}`, 'node', '-p', 'process.execPath + " " + process.version'],
    { timeout: 300_000 },
  );
  const [path, version] = stdout.trim().split(' ') as [string, string];
  if (!version.startsWith(`v${major}.`)) throw new Error(`npx -p node@${major} gave ${version}`);
  return { path, version };
}

/** `npm ci --omit=dev` in `dir`, preferring npm's cache (the root install filled it). */
async function installProduction(dir: string): Promise<void> {
  try {
    await run('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
      cwd: dir,
      timeout: 600_000,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const failure = error as Error & { stderr?: string };
    throw new Error(`npm ci --omit=dev in ${dir} failed: ${failure.stderr ?? failure.message}`);
  }
}

/** Unpacks a function's source archive into `dir` and installs it. */
export async function prepareFunction(archive: string, dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await extract(archive, { dir });
  await installProduction(dir);
}

/**
 * Copies the image's build context into `dir` and installs it as its Dockerfile says; returns the
 * Dockerfile's command (exec-form CMD), which the rehearsal runs as the container would.
 */
export async function prepareImage(contextDir: string, dir: string): Promise<readonly string[]> {
  cpSync(contextDir, dir, { recursive: true });
  const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
  if (!/^RUN npm ci --omit=dev\b/m.test(dockerfile))
    throw new Error(
      'the Dockerfile no longer installs with npm ci --omit=dev: update the rehearsal to do what it does',
    );
  await installProduction(dir);
  const cmd = /^CMD (\[.*\])$/m.exec(dockerfile);
  if (!cmd) throw new Error('the Dockerfile has no exec-form CMD');
  return JSON.parse(cmd[1]!) as string[];
}
