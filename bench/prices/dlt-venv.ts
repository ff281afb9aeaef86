/**
 * The Python venv the dlt comparison runs in: created once under the stand-in cache
 * ($DEV_CACHE_DIR, default ~/.cache/market-data-dev, outside the clone) and reused while its
 * marker names the pinned requirement.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/** The pinned dlt (with its DuckDB destination) and the HTTP client the script uses. */
export const DLT_REQUIREMENTS = ['dlt[duckdb]==1.31.0', 'requests==2.34.2'];

/**
 * Returns the venv's python, creating the venv and installing DLT_REQUIREMENTS when the marker
 * file is missing or names other requirements. Throws (with pip's output) when python3 or pip fails.
 */
export function ensureDltVenv(cacheDir: string, say: (line: string) => void): string {
  const venv = path.join(cacheDir, 'venv-dlt');
  const python = path.join(venv, 'bin', 'python');
  const marker = path.join(venv, '.installed');
  const wanted = DLT_REQUIREMENTS.join('\n');
  if (existsSync(python) && existsSync(marker) && readFileSync(marker, 'utf8').trim() === wanted) return python;
  say(`dlt: creating ${venv} and installing ${DLT_REQUIREMENTS.join(' ')} (once)`);
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', ...DLT_REQUIREMENTS], {
    stdio: 'inherit',
  });
  writeFileSync(marker, `${wanted}\n`);
  return python;
}
