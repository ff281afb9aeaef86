/**
 * The `mdp` executable: `npx tsx shared/cli/main.ts <command> ...`, or `npx mdp ...` through
 * bin.cjs. Exits with runCli's code once stdout has flushed.
 */
import { runCli } from './program';

/** Runs the process's command line and exits with its code. */
export async function main(): Promise<void> {
  const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
  // Exit explicitly once stdout is flushed: idle keep-alive sockets must not hold a finished command.
  process.stdout.write('', () => process.exit(code));
}

if (require.main === module) void main();
