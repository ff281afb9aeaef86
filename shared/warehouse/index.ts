/**
 * The warehouse: one interface (types.ts), table definitions as pure data (tables.ts), and a
 * factory that picks the embedded DuckDB file or BigQuery from the config slice.
 */
import { StorageError } from '../errors';
import type { Logger } from '../log/types';
import type { Warehouse } from './types';

export type {
  ColumnDef,
  ColumnType,
  MergeResult,
  TableDef,
  TableMetadata,
  Warehouse,
  WarehouseRow,
  QueryParams,
} from './types';
export { TABLES, tableByName } from './tables';

/**
 * The settings the factory reads; structurally compatible with shared/config's WarehouseConfig
 * (declared here so this layer does not depend on the config module's shape).
 */
export interface WarehouseSettings {
  backend: 'duckdb' | 'bigquery';
  /** DuckDB file (or ':memory:'); used when backend is 'duckdb'. */
  duckdbPath: string;
  /** Required when backend is 'bigquery'. */
  projectId?: string | undefined;
  dataset: string;
  location: string;
  /** BigQuery REST endpoint (the emulator locally); the library default when omitted. */
  apiEndpoint?: string | undefined;
}

/** The embedded warehouse's client, installed locally but not in deployed functions. */
export const DUCKDB_PACKAGE = '@duckdb/node-api';

/** True when `error` is Node's "Cannot find module" for `name` (not for a module it requires). */
export function isMissingModule(error: unknown, name: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' && error instanceof Error && error.message.includes(`'${name}'`);
}

/**
 * Opens the configured warehouse. The client libraries are loaded only for the chosen backend, so
 * a DuckDB deployment never loads @google-cloud/bigquery and vice versa. Rejects with a terminal
 * StorageError when backend is 'bigquery' without a projectId, when DuckDB is not installed (a
 * deployed function), or when DuckDB cannot open its file.
 */
export async function createWarehouse(settings: WarehouseSettings, logger?: Logger): Promise<Warehouse> {
  if (settings.backend === 'duckdb') {
    const { createDuckDbWarehouse } = await import('./duckdb/warehouse').catch((error: unknown) => {
      // Deployed functions do not install DuckDB (cdktf/function-source.ts LOCAL_ONLY_PACKAGES).
      if (isMissingModule(error, DUCKDB_PACKAGE)) {
        throw new StorageError(
          `WAREHOUSE_BACKEND=duckdb needs ${DUCKDB_PACKAGE}, which this installation lacks (deployed functions ship only the BigQuery client): set WAREHOUSE_BACKEND=bigquery`,
          { retriable: false, cause: error, context: { backend: 'duckdb' } },
        );
      }
      throw error;
    });
    return createDuckDbWarehouse({ path: settings.duckdbPath, ...(logger ? { logger } : {}) });
  }
  if (!settings.projectId) {
    throw new StorageError('The BigQuery warehouse needs a projectId', {
      retriable: false,
      context: { backend: 'bigquery' },
    });
  }
  const { createBigQueryWarehouse } = await import('./bigquery/warehouse');
  return createBigQueryWarehouse({
    projectId: settings.projectId,
    dataset: settings.dataset,
    location: settings.location,
    ...(settings.apiEndpoint === undefined ? {} : { apiEndpoint: settings.apiEndpoint }),
    ...(logger ? { logger } : {}),
  });
}
