/**
 * The cold-start bench measures every real function: each entry module imports in a fresh Node
 * process from its deploy bundle, registers its handler without loading a heavy client (the
 * reason a function meets the 300 ms target), and the RESULT line names the slowest.
 */
import { join } from 'node:path';
import { discoverFunctions, HEAVY_PACKAGES, measureFunction, resultLine } from './cold-start';

const repoRoot = join(__dirname, '..', '..');

describe('bench/cold-start', () => {
  const names = discoverFunctions(repoRoot);

  it('discovers the functions folders', () => {
    expect(names).toContain('prices');
  });

  it.each(names.map((n) => [n]))('%s imports in a fresh process without loading a heavy client', (name) => {
    const result = measureFunction(repoRoot, name, 1);
    expect(result.runsMs[0]).toBeGreaterThan(0);
    expect(result.packages).toContain('@google-cloud/functions-framework');
    expect(result.packages.filter((p) => HEAVY_PACKAGES.includes(p))).toEqual([]);
  });

  it('the RESULT line names the slowest function by its median', () => {
    expect(
      resultLine([
        { name: 'a', medianMs: 120, runsMs: [120], packages: [] },
        { name: 'b', medianMs: 180, runsMs: [180], packages: [] },
      ]),
    ).toBe('RESULT cold_start max_ms=180 worst=b');
    expect(resultLine([])).toBe('RESULT cold_start max_ms=0 worst=none');
  });
});
