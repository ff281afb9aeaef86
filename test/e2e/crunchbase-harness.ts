/**
 * End-to-end support for the crunchbase function: a replay server, the REAL entry point behind
 * functions-framework's test server, a backend from prices-harness (DuckDB + local lake, or
 * BigQuery emulator + fake-gcs-server) configured through the environment only, and readers of
 * what the function wrote.
 */
import { gunzipSync } from 'node:zlib';
import {
  startCrunchbaseReplayServer,
  type CrunchbaseReplayOptions,
  type CrunchbaseReplayServer,
} from '../../dev/replay-crunchbase';
import type { FundingRound, Organization } from '../../shared/schemas/organization';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, listKeys, startFunction, useEnvironment, type E2eBackend } from './prices-harness';

// The package exports `./testing`, which this tsconfig's node10 resolution cannot see.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

/** Rounds in the replay data are announced from 2023-08 to 2024-05: a window from 2023-01-01 holds them all. */
export function lookbackDaysTo(day: string, now = new Date()): number {
  return Math.ceil((now.getTime() - Date.parse(`${day}T00:00:00Z`)) / 86_400_000) + 1;
}

export const ORG_COLUMNS =
  'uuid, permalink, name, short_description, founded_on, num_employees_enum, funding_total_usd, last_funding_type, last_funding_at, categories, locations, website';
export const ROUND_COLUMNS =
  'uuid, organization_uuid, name, announced_on, investment_type, money_raised, money_raised_currency, money_raised_usd, lead_investors, investor_count';

/** The function, a replay server, and the backends made for it; one per test file. */
export interface CrunchbaseE2e {
  replay: CrunchbaseReplayServer;
  /** What the replay server was started with (its organizations decide the search's rounds). */
  replayOptions: CrunchbaseReplayOptions;
  post(body: unknown): Promise<{ status: number; json: any }>;
  /** A fresh backend and the environment pointing the function at it and at the replay server. */
  setUp(extra?: Record<string, string>): Promise<{ backend: E2eBackend; restore: () => void }>;
}

/** Registers beforeAll/afterAll in the calling describe block and returns the live handles. */
export function useCrunchbaseE2e(
  makeBackend: () => Promise<E2eBackend>,
  replayOptions: CrunchbaseReplayOptions = {},
): CrunchbaseE2e {
  const backends: E2eBackend[] = [];
  let fn: Awaited<ReturnType<typeof startFunction>> | undefined;
  const e2e = {
    replay: undefined as unknown as CrunchbaseReplayServer,
    replayOptions,
    post: (body: unknown) => fn!.post(body),
    async setUp(extra: Record<string, string> = {}) {
      const backend = await makeBackend();
      backends.push(backend);
      e2e.replay.faults.clear();
      e2e.replay.requests.clear();
      const restore = useEnvironment({
        ...backend.env,
        CRUNCHBASE_API_KEY: e2e.replay.apiKey,
        CRUNCHBASE_BASE_URL: e2e.replay.baseUrl,
        CRUNCHBASE_PAGE_SIZE: '2',
        CRUNCHBASE_FUNDING_ROUNDS_LOOKBACK_DAYS: String(lookbackDaysTo('2023-01-01')),
        LOG_LEVEL: 'error',
        LOG_FORMAT: 'json',
        HTTP_MAX_RETRIES: '5',
        ...extra,
      });
      return { backend, restore };
    },
  };
  beforeAll(async () => {
    e2e.replay = await startCrunchbaseReplayServer({ apiKey: 'cb-e2e-key-7f3a9c2d51', ...replayOptions });
    // Registers `crunchbase` with the framework, as the deployed function's module load does.
    require('../../functions/crunchbase');
    fn = await startFunction(getTestServer('crunchbase'));
  });
  afterAll(async () => {
    await fn?.stop();
    await e2e.replay?.stop();
    for (const backend of backends) await backend.cleanup();
  });
  return e2e;
}

const ref = (w: Warehouse, name: string) => (w.kind === 'duckdb' ? name : w.tableRef(name));

/** Every row of `organizations` (contract columns), by permalink. */
export function storedOrganizations(backend: E2eBackend): Promise<Organization[]> {
  return withWarehouse(backend, (w) =>
    w.query<Organization>(`SELECT ${ORG_COLUMNS} FROM ${ref(w, 'organizations')} ORDER BY permalink`),
  );
}

/** Every row of `funding_rounds` (contract columns), by uuid. */
export function storedRounds(backend: E2eBackend): Promise<FundingRound[]> {
  return withWarehouse(backend, (w) =>
    w.query<FundingRound>(`SELECT ${ROUND_COLUMNS} FROM ${ref(w, 'funding_rounds')} ORDER BY uuid`),
  );
}

/** The ledger rows of the given run ids, in that order (each must exist once). */
export async function ledgerRows(backend: E2eBackend, runIds: readonly string[]): Promise<Record<string, any>[]> {
  const rows = await withWarehouse(backend, (w) =>
    w.query(`SELECT * FROM ${ref(w, 'ingestion_runs')} WHERE pipeline = 'crunchbase' ORDER BY run_id`),
  );
  return runIds.map((id) => {
    const matching = rows.filter((row) => row.run_id === id);
    expect(matching).toHaveLength(1);
    return matching[0]!;
  });
}

/** The latest stored cursor of the recent-rounds search. */
export async function searchCursor(backend: E2eBackend): Promise<Record<string, unknown> | undefined> {
  const rows = await withWarehouse(backend, (w) =>
    w.query<{ cursor: string }>(
      `SELECT cursor FROM ${ref(w, 'pipeline_cursors')} WHERE pipeline = 'crunchbase' AND scope = 'search:funding_rounds' ORDER BY updated_at DESC`,
    ),
  );
  return rows[0] === undefined ? undefined : JSON.parse(rows[0].cursor);
}

/** Every raw page under `prefix` with the object holding it (gzip JSONL, one page per line). */
export async function rawPages(backend: E2eBackend, prefix: string): Promise<{ key: string; page: any }[]> {
  const keys = await listKeys(backend.lake, prefix);
  const objects = await Promise.all(
    keys.map(async (key) => ({ key, text: gunzipSync(await backend.lake.get(key)).toString('utf8') })),
  );
  return objects.flatMap(({ key, text }) =>
    text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => ({ key, page: JSON.parse(line) })),
  );
}

/** Every quarantine line under `prefix`. */
export async function quarantined(backend: E2eBackend, prefix: string): Promise<any[]> {
  const keys = await listKeys(backend.lake, prefix);
  const files = await Promise.all(keys.map(async (key) => (await backend.lake.get(key)).toString('utf8')));
  return files.flatMap((text) =>
    text
      .trim()
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l)),
  );
}

/** Every byte the lake holds, gzip objects inflated, as one text per object. */
export async function lakeTexts(backend: E2eBackend): Promise<{ key: string; text: string }[]> {
  const keys = await listKeys(backend.lake, '');
  return Promise.all(
    keys.map(async (key) => {
      const bytes = await backend.lake.get(key);
      return { key, text: (key.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1') };
    }),
  );
}

export { withWarehouse, listKeys };
