/**
 * The `dashboard` Cloud Function through functions-framework's own test server, configured from
 * the environment like a deployment, on a real DuckDB file seeded through the Warehouse
 * interface. Also shows why the function opens DuckDB per request: another process (a pipeline)
 * may hold the file's lock, and the request waits for it briefly instead of failing at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDashboard } from '../../shared/dashboard/__fixtures__/seed';
import { createDuckDbWarehouse } from '../../shared/warehouse/duckdb/warehouse';

// tsconfig's node10 resolution cannot see the package's `exports` subpath; node's require can.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

const ENV_KEYS = ['WAREHOUSE_BACKEND', 'DUCKDB_PATH', 'LOG_LEVEL', 'LOG_FORMAT'] as const;

/** Starts a process that holds the DuckDB file's lock for `holdMs`; resolves once it holds it. */
async function holdLock(path: string, holdMs: number): Promise<ChildProcess> {
  const script = `const { DuckDBInstance } = require('@duckdb/node-api');
(async () => { const i = await DuckDBInstance.create(process.argv[1]); const c = await i.connect();
  process.stdout.write('locked\\n'); setTimeout(() => { c.closeSync(); i.closeSync(); process.exit(0); }, Number(process.argv[2])); })();`;
  const child = spawn(process.execPath, ['-e', script, path, String(holdMs)], {
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('locked') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return child;
}

describe('functions/dashboard under functions-framework', () => {
  let dir: string;
  let dbPath: string;
  let server: Server;
  let base: string;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'dashboard-fn-'));
    dbPath = join(dir, 'warehouse.duckdb');
    const warehouse = await createDuckDbWarehouse({ path: dbPath });
    await seedDashboard(warehouse, { now: new Date(), days: 260 });
    await warehouse.close(); // the function opens the file itself, per request
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    Object.assign(process.env, {
      WAREHOUSE_BACKEND: 'duckdb',
      DUCKDB_PATH: dbPath,
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
    });
    await import('./index');
    server = getTestServer('dashboard');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the page with the security headers', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<script src="/static/app.js" defer></script>');
  });

  it('answers the API from the configured warehouse with the real registry', async () => {
    const pipelines = (await (await fetch(`${base}/api/pipelines`)).json()) as {
      warehouse: string;
      pipelines: { name: string; state: string; freshnessMinutes: number }[];
    };
    expect(pipelines.warehouse).toBe('duckdb');
    // The deployed registry: its pipelines first, then ledger-only names so no run is hidden.
    expect(pipelines.pipelines[0]).toMatchObject({ name: 'prices', state: 'succeeded', freshnessMinutes: 40 });
    expect(pipelines.pipelines.map((p) => p.name)).toEqual(
      expect.arrayContaining(['news', 'producthunt', 'crunchbase']),
    );
    const runs = (await (await fetch(`${base}/api/runs?pipeline=prices&limit=2`)).json()) as {
      runs: { runId: string }[];
    };
    expect(runs.runs.map((r) => r.runId)).toEqual(['prices-3', 'prices-2']);
    const prices = (await (await fetch(`${base}/api/prices?ticker=MSFT`)).json()) as { bars: unknown[] };
    expect(prices.bars).toHaveLength(260);
  });

  it('is read-only and validates parameters', async () => {
    const post = await fetch(`${base}/api/runs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
    const bad = await fetch(`${base}/api/news?limit=-1`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ problems: [{ param: 'limit' }] });
  });

  it('waits for a DuckDB lock held briefly by another process, then answers', async () => {
    const holder = await holdLock(dbPath, 500);
    try {
      const res = await fetch(`${base}/api/tickers`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { tickers: unknown[] }).tickers).toHaveLength(2);
    } finally {
      holder.kill();
    }
  });

  it('answers 503 (retriable) while another process keeps the lock', async () => {
    const holder = await holdLock(dbPath, 30_000);
    try {
      const res = await fetch(`${base}/api/tickers`);
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('2');
      expect(await res.json()).toMatchObject({ error: 'warehouse_unavailable', retriable: true });
    } finally {
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill();
      await exited;
    }
    expect((await fetch(`${base}/api/tickers`)).status).toBe(200);
  });
});
