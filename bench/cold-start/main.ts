/**
 * `npm run bench:cold-start`: prints one line per function, then
 * `RESULT cold_start max_ms=<n> worst=<function>`. COLD_START_RUNS (default 5) sets the fresh
 * processes per function; COLD_START_TARGET_MS (default 300) is the target each must meet.
 */
import { join } from 'node:path';
import { discoverFunctions, measureFunction, resultLine } from './cold-start';

const repoRoot = join(__dirname, '..', '..');
const runs = Number(process.env.COLD_START_RUNS ?? 5);
const targetMs = Number(process.env.COLD_START_TARGET_MS ?? 300);
const results = discoverFunctions(repoRoot).map((name) => {
  const result = measureFunction(repoRoot, name, runs);
  const verdict = result.medianMs <= targetMs ? 'ok' : 'OVER';
  process.stdout.write(
    `cold_start function=${name} median_ms=${result.medianMs} runs_ms=${result.runsMs.join(',')} target_ms=${targetMs} ${verdict} loaded=${result.packages.join(',')}\n`,
  );
  return result;
});
process.stdout.write(`${resultLine(results)}\n`);
