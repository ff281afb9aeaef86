/**
 * The dashboard built from the loaded config, as the Cloud Function (and any entry point that
 * has only a Config) needs it: on DuckDB the file is opened per request (see warehouse-access.ts),
 * on BigQuery one client serves every request.
 */
import type { Config } from '../config/schema';
import type { Logger } from '../log/types';
import type { PipelineEntry } from '../pipelines/registry';
import { PIPELINES } from '../pipelines/registry';
import { createWarehouse } from '../warehouse';
import { createDashboardHandler, type DashboardHandler } from './handler';
import { openPerRequest, sharedWarehouse, type WarehouseAccess } from './warehouse-access';

/** A handler plus what it holds open. */
export interface Dashboard {
  readonly handler: DashboardHandler;
  /** Closes the shared warehouse, if any. Safe to call twice. */
  close(): Promise<void>;
}

/** Options of `createDashboardFromConfig`. */
export interface DashboardFromConfigOptions {
  log: Logger;
  pipelines?: readonly PipelineEntry[];
  now?: () => Date;
}

/**
 * Builds the dashboard for `config`. No request is made until the first API call; a BigQuery
 * configuration without a project rejects here with a terminal StorageError.
 */
export async function createDashboardFromConfig(
  config: Config,
  options: DashboardFromConfigOptions,
): Promise<Dashboard> {
  const settings = config.warehouse;
  const log = options.log.child({ component: 'dashboard' });
  let access: WarehouseAccess;
  let close = async (): Promise<void> => undefined;
  if (settings.backend === 'duckdb') {
    access = openPerRequest(() => createWarehouse(settings, log));
  } else {
    const warehouse = await createWarehouse(settings, log);
    access = sharedWarehouse(warehouse);
    close = () => warehouse.close();
  }
  const handler = createDashboardHandler({
    access,
    pipelines: options.pipelines ?? PIPELINES,
    log,
    ...(options.now ? { now: options.now } : {}),
  });
  return { handler, close };
}
