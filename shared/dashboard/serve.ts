/**
 * Local mode: the dashboard on node:http, bound to 127.0.0.1 by default, for `make demo` and tests
 * that serve it without functions-framework. Same handler as the Cloud Function.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/types';
import type { PipelineEntry } from '../pipelines/registry';
import { PIPELINES } from '../pipelines/registry';
import type { Warehouse } from '../warehouse/types';
import { createDashboardHandler } from './handler';
import { sharedWarehouse, type WarehouseAccess } from './warehouse-access';

/** Options of `startDashboardServer`: give `warehouse` (kept open, caller closes it) or `access`. */
export interface DashboardServerOptions {
  warehouse?: Warehouse;
  access?: WarehouseAccess;
  /** Interface to bind; default 127.0.0.1 (never all interfaces unless asked). */
  host?: string;
  /** TCP port; default 8080; 0 picks a free one (tests). */
  port?: number;
  pipelines?: readonly PipelineEntry[];
  now?: () => Date;
  log?: Logger;
}

/** A running dashboard server. */
export interface DashboardServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, ends open connections, resolves when closed. Does not close the warehouse. */
  close(): Promise<void>;
}

/**
 * Starts the server and resolves once it listens. Rejects when neither `warehouse` nor `access`
 * is given, or with the listen error (EADDRINUSE, EACCES).
 */
export async function startDashboardServer(options: DashboardServerOptions): Promise<DashboardServer> {
  const access = options.access ?? (options.warehouse ? sharedWarehouse(options.warehouse) : undefined);
  if (!access) throw new TypeError('startDashboardServer needs a warehouse or an access function');
  const host = options.host ?? '127.0.0.1';
  const handler = createDashboardHandler({
    access,
    pipelines: options.pipelines ?? PIPELINES,
    ...(options.now ? { now: options.now } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const server: Server = createServer((req, res) => void handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  options.log?.info('dashboard listening', { url: `http://${urlHost}:${port}` });
  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
