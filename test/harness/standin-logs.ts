import * as fs from 'node:fs';
import * as path from 'node:path';

const KEEP_RUNS = 5;

/**
 * A fresh folder `<root>/test-artifacts/standins/<timestamp>-<pid>` for this run's stand-in logs.
 * Older run folders beyond the newest few are deleted so the folder does not grow without bound;
 * a per-run folder keeps two concurrent jest runs from mixing or deleting each other's live logs.
 */
export function standInLogDir(rootDir: string, now: Date = new Date()): string {
  const parent = path.join(rootDir, 'test-artifacts', 'standins');
  fs.mkdirSync(parent, { recursive: true });
  const runs = fs
    .readdirSync(parent)
    .filter((name) => /^\d{8}T\d{6}-\d+$/.test(name))
    .sort();
  for (const old of runs.slice(0, Math.max(0, runs.length - (KEEP_RUNS - 1)))) {
    fs.rmSync(path.join(parent, old), { recursive: true, force: true });
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const dir = path.join(parent, `${stamp}-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
