/**
 * `make deploy` (`npx tsx cdktf/deploy/main.ts`) and `make preflight` (`... --preflight-only`): the
 * process edge. Hands process.env to the pure settings parser and runs deploy.ts; prints the
 * problem and exits non-zero on any failure. See cdktf/README.md, "make deploy: what it does".
 */
import { join } from 'node:path';
import { runDeploy } from './deploy';
import { spawnRunner } from './runner';
import { parseDeploySettings } from './settings';

async function main(): Promise<number> {
  const settings = parseDeploySettings(process.env);
  return runDeploy({
    settings,
    repoRoot: join(__dirname, '..', '..'),
    preflightOnly: process.argv.includes('--preflight-only'),
    run: spawnRunner(process.env),
    write: (text) => process.stdout.write(text),
  });
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
