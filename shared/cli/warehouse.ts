/**
 * How `status` and `query` reach the configured warehouse: opened for the command and closed
 * after, with the dashboard's retry on a locked DuckDB file (a running pipeline function may hold
 * it for a moment), so the CLI works beside `make demo`. A DuckDB file that does not exist yet is
 * reported as such instead of being created empty by a read.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Config } from '../config';
import { openPerRequest } from '../dashboard/warehouse-access';
import { createWarehouse, type Warehouse } from '../warehouse';
import type { CliContext } from './context';

/** False only for a DuckDB warehouse whose file is not there yet (nothing has run). */
export function warehouseExists(config: Config): boolean {
  const { backend, duckdbPath } = config.warehouse;
  return backend !== 'duckdb' || duckdbPath === ':memory:' || existsSync(duckdbPath);
}

/** Creates the DuckDB file's folder (a fresh clone has no `.data/`), so a first run can open it. */
export function ensureWarehouseFolder(config: Config): void {
  const { backend, duckdbPath } = config.warehouse;
  if (backend === 'duckdb' && duckdbPath !== ':memory:') mkdirSync(dirname(duckdbPath), { recursive: true });
}

/** Runs `work` on a freshly opened warehouse and closes it; errors are the warehouse's StorageErrors. */
export function withWarehouse<T>(ctx: CliContext, work: (warehouse: Warehouse) => Promise<T>): Promise<T> {
  return openPerRequest(() => createWarehouse(ctx.config.warehouse, ctx.log.child({ component: 'warehouse' })), {
    attempts: 8,
  })(work);
}
