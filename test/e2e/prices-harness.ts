/**
 * End-to-end support for the prices function: a backend (DuckDB + local lake, or BigQuery emulator
 * + fake-gcs-server) configured through the environment exactly as a deployment is, a replay
 * server, and a caller of the REAL entry point through functions-framework's test server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { BigQuery } from '@google-cloud/bigquery';
import { startBigQueryEmulator } from '../../dev/services';
import { createGcsLake } from '../../shared/lake/gcs';
import { priceIndicators } from '../../shared/warehouse/pipeline-tables';
import { bigQueryTableResource } from '../../shared/warehouse/ddl/bigquery';
import type { TableDef } from '../../shared/warehouse/types';
import { createLocalDirLake } from '../../shared/lake/local-dir';
import type { Lake } from '../../shared/lake/types';
import { createWarehouse } from '../../shared/warehouse';
import type { Warehouse } from '../../shared/warehouse/types';
import { testEndpoints, uniqueName } from '../harness/endpoints';

/** One storage backend under test, set up through environment variables only. */
export interface E2eBackend {
  name: 'duckdb' | 'bigquery';
  env: Record<string, string>;
  lake: Lake;
  /** Opens the warehouse the function wrote (close it after use: DuckDB holds a file lock). */
  openWarehouse(): Promise<Warehouse>;
  cleanup(): Promise<void>;
}

/** Opens the backend's warehouse for `work` and closes it after (DuckDB holds a file lock while open). */
export async function withWarehouse<T>(backend: E2eBackend, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  const warehouse = await backend.openWarehouse();
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

export function duckdbBackend(): E2eBackend {
  const dir = mkdtempSync(join(tmpdir(), 'prices-e2e-'));
  const env = {
    LAKE_BACKEND: 'local',
    LAKE_DIR: join(dir, 'lake'),
    WAREHOUSE_BACKEND: 'duckdb',
    DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
  };
  return {
    name: 'duckdb',
    env,
    lake: createLocalDirLake({ root: env.LAKE_DIR }),
    openWarehouse: () =>
      createWarehouse({ backend: 'duckdb', duckdbPath: env.DUCKDB_PATH, dataset: 'unused', location: 'US' }),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * BigQuery emulator + fake-gcs-server. Each call starts a PRIVATE bigquery-emulator (about a second):
 * v0.8.1 leaks memory in its SQL engine on every table DROP (each Warehouse.merge drops its staging
 * table) and panics after a few dozen ("slice bounds out of range [-2147482192:]"), which would
 * break every later test sharing the suite's emulator. The lake uses the shared fake-gcs-server.
 */
export async function bigqueryBackend(): Promise<E2eBackend> {
  const shared = testEndpoints();
  const emulator = await startBigQueryEmulator({
    projectId: shared.projectId,
    logDir: process.env.TEST_STANDIN_LOG_DIR ?? join(tmpdir(), 'market-data-standins'),
  });
  const endpoints = { ...shared, bigqueryApiEndpoint: emulator.apiEndpoint };
  const bucket = uniqueName('prices').toLowerCase().replace(/_/g, '-');
  const dataset = uniqueName('prices_e2e');
  const lake = createGcsLake({ bucket, projectId: endpoints.projectId, apiEndpoint: endpoints.gcsApiEndpoint });
  await lake.ensureBucket();
  await precreateWithFloat64(endpoints.projectId, dataset, endpoints.bigqueryApiEndpoint, [priceIndicators]);
  const env = {
    GOOGLE_CLOUD_PROJECT: endpoints.projectId,
    LAKE_BACKEND: 'gcs',
    LAKE_BUCKET: bucket,
    GCS_API_ENDPOINT: endpoints.gcsApiEndpoint,
    WAREHOUSE_BACKEND: 'bigquery',
    BIGQUERY_DATASET: dataset,
    BIGQUERY_API_ENDPOINT: endpoints.bigqueryApiEndpoint,
  };
  return {
    name: 'bigquery',
    env,
    lake,
    openWarehouse: () =>
      createWarehouse({
        backend: 'bigquery',
        duckdbPath: 'unused',
        projectId: endpoints.projectId,
        dataset,
        location: 'US',
        apiEndpoint: endpoints.bigqueryApiEndpoint,
      }),
    cleanup: () => emulator.stop(),
  };
}

/**
 * WORKAROUND, until shared/warehouse/ddl/bigquery.ts declares FLOAT64 columns as 'FLOAT64': the
 * emulator reads the legacy REST name 'FLOAT' as a 32-bit FLOAT and then refuses
 * `INSERT ... SELECT <DOUBLE>` ("Query column 3 has type DOUBLE which cannot be inserted into column
 * return_1d, which has type FLOAT"). Real BigQuery treats both names alike. Creating the table
 * first with 'FLOAT64' makes ensureTables find it and leave it alone.
 */
async function precreateWithFloat64(
  projectId: string,
  dataset: string,
  apiEndpoint: string,
  defs: readonly TableDef[],
): Promise<void> {
  const client = new BigQuery({ projectId, apiEndpoint, location: 'US' });
  const [exists] = await client.dataset(dataset).exists();
  if (!exists) await client.createDataset(dataset, { location: 'US' });
  for (const def of defs) {
    const { tableReference: _ref, ...resource } = bigQueryTableResource(def, projectId, dataset);
    const fields = resource.schema.fields.map((field) =>
      field.type === 'FLOAT' ? { ...field, type: 'FLOAT64' } : field,
    );
    await client.dataset(dataset).createTable(def.name, { ...resource, schema: { fields } });
  }
}

/**
 * Points the process environment at `backend` and the replay server, as a deployment's env would.
 * Returns a restore function.
 */
export function useEnvironment(vars: Record<string, string>): () => void {
  const saved = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** A listening functions-framework test server for a registered function, and a JSON POST to it. */
export async function startFunction(
  server: Server,
): Promise<{ post(body: unknown): Promise<{ status: number; json: any }>; stop(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    async post(body) {
      const response = await fetch(`http://127.0.0.1:${port}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Every key under `prefix`. */
export async function listKeys(lake: Lake, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of lake.list(prefix)) keys.push(object.key);
  return keys;
}

/** Today minus `years` years, 'YYYY-MM-DD' (same month and day). */
export function yearsBefore(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
}
