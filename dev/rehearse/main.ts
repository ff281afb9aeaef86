/**
 * `make rehearse`: the deploy rehearsal (rehearsal.ts). Prints one line per step and, on failure,
 * every problem with where the logs are; exits 0 only when the rehearsal passed.
 */
import { join } from 'node:path';
import { rehearse } from './rehearsal';

async function main(): Promise<void> {
  const started = Date.now();
  const report = await rehearse({
    repoRoot: join(__dirname, '..', '..'),
    log: (line) => process.stdout.write(`rehearse: ${line}\n`),
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (report.problems.length === 0) {
    process.stdout.write(`rehearse: PASSED in ${seconds} s (logs: ${report.workDir})\n`);
    return;
  }
  process.stderr.write(
    `rehearse: FAILED in ${seconds} s (logs: ${join(report.workDir, 'logs')}):\n${report.problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exitCode = 1;
}

main().catch((error: Error) => {
  process.stderr.write(`rehearse: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
