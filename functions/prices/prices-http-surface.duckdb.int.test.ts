/**
 * Only POST starts a prices run, shown end to end: the real entry point under functions-framework,
 * a DuckDB warehouse (with its run ledger) and a local lake configured through the environment as a
 * deployment is, and the Yahoo replay server. A GET (what a crawler or a link preview sends), a
 * HEAD, a PUT, malformed JSON and an oversized body reach neither the provider, nor the ledger, nor
 * the lake, before and after a POST that does run.
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { startPriceReplayServer, type PriceReplayServer } from '../../dev/replay';
import { MAX_REQUEST_BODY_BYTES } from '../../shared/pipelines/http-surface';
import { duckdbBackend, listKeys, startFunction, useEnvironment, type E2eBackend } from '../../test/e2e/prices-harness';

// tsconfig's node10 resolution cannot see the package's `exports` subpath; node's require can.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

jest.setTimeout(120_000);

interface LedgerRow {
  run_id: string;
  trigger: string;
  status: string;
}

describe('prices function: only POST starts a run', () => {
  let replay: PriceReplayServer;
  let backend: E2eBackend;
  let restore: () => void;
  let fn: Awaited<ReturnType<typeof startFunction>>;
  let base: string;

  beforeAll(async () => {
    replay = await startPriceReplayServer();
    backend = duckdbBackend();
    restore = useEnvironment({
      ...backend.env,
      PRICES_PROVIDER: 'yahoo',
      YAHOO_BASE_URL: replay.baseUrl,
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      HTTP_MAX_RETRIES: '1',
    });
    require('./index');
    const server = getTestServer('prices');
    fn = await startFunction(server);
    const { port } = server.address() as AddressInfo;
    base = `http://127.0.0.1:${port}/`;
  });
  afterAll(async () => {
    await fn?.stop();
    restore?.();
    await replay?.stop();
    await backend?.cleanup();
  });

  async function ledger(): Promise<LedgerRow[]> {
    const warehouse = await backend.openWarehouse();
    try {
      return await warehouse.query<LedgerRow>('SELECT run_id, trigger, status FROM ingestion_runs ORDER BY run_id');
    } finally {
      await warehouse.close();
    }
  }

  /** Every request a run must not start on, with the status it gets instead. */
  async function refusedRequests(): Promise<void> {
    const json = { 'content-type': 'application/json' };
    const answers = [
      ['GET', await fetch(base)],
      ['HEAD', await fetch(base, { method: 'HEAD' })],
      ['PUT', await fetch(base, { method: 'PUT', headers: json, body: '{}' })],
      ['malformed', await fetch(base, { method: 'POST', headers: json, body: '{"tickers": ["AAPL"' })],
      [
        'oversized',
        await fetch(base, {
          method: 'POST',
          headers: json,
          body: `{"tickers":["AAPL"]}${' '.repeat(MAX_REQUEST_BODY_BYTES)}`,
        }),
      ],
    ] as const;
    expect(answers.map(([what, res]) => [what, res.status])).toEqual([
      ['GET', 405],
      ['HEAD', 405],
      ['PUT', 405],
      ['malformed', 400],
      ['oversized', 413],
    ]);
    for (const [, res] of answers) await res.arrayBuffer();
  }

  it('GET, HEAD, PUT, malformed JSON and an oversized body start nothing; a POST runs', async () => {
    await refusedRequests();
    expect(replay.requests.count()).toBe(0);
    // Not even created: no run opened the warehouse (whose ingestion_runs is the ledger) or the lake.
    expect(existsSync(backend.env.DUCKDB_PATH!)).toBe(false);
    expect(existsSync(backend.env.LAKE_DIR!)).toBe(false);

    const from = replay.today.slice(0, 8) + '01';
    const run = await fn.post({ mode: 'backfill', from, to: replay.today, tickers: ['AAPL'] });
    expect(run.status).toBe(200);
    expect(run.json).toMatchObject({ status: 'succeeded', mode: 'backfill' });
    expect(await ledger()).toEqual([{ run_id: run.json.runId, trigger: 'http', status: 'succeeded' }]);
    const fetched = replay.requests.count();
    expect(fetched).toBeGreaterThan(0);
    const keys = await listKeys(backend.lake, '');

    // With a ledger and a lake in place, the same requests still add nothing to either.
    await refusedRequests();
    expect(replay.requests.count()).toBe(fetched);
    expect(await ledger()).toEqual([{ run_id: run.json.runId, trigger: 'http', status: 'succeeded' }]);
    expect(await listKeys(backend.lake, '')).toEqual(keys);
  });
});
