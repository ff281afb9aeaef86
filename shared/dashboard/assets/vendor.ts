/**
 * The charting library served to the browser from the installed npm package (its standalone
 * production build, which defines `window.LightweightCharts`), never from a CDN: the page must
 * work with no internet and under `script-src 'self'`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
// A real require of the package (its manifest is the one path its `exports` allow), so the function
// bundler sees `lightweight-charts` and lists it in the deployed package.json.
import lightweightChartsManifest from 'lightweight-charts/package.json';

/** The version of lightweight-charts being served. */
export const LIGHTWEIGHT_CHARTS_VERSION: string = lightweightChartsManifest.version;

/** Path of the standalone production build inside node_modules. */
export function lightweightChartsPath(): string {
  return join(
    dirname(require.resolve('lightweight-charts/package.json')),
    'dist',
    'lightweight-charts.standalone.production.js',
  );
}

/** Reads the standalone build; rejects (ENOENT) when the package is not installed. */
export function readLightweightCharts(): Promise<Buffer> {
  return readFile(lightweightChartsPath());
}
