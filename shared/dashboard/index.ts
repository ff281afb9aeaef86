/**
 * shared/dashboard: the read-only monitoring dashboard over the warehouse: the JSON API
 * (api.ts), the page and its script, one HTTP handler for node:http and functions-framework, and a
 * local server. Layer 4 like pipelines: it reads the warehouse and the pipeline registry, and
 * writes nothing.
 */
export { createDashboardHandler, type DashboardHandler, type DashboardHandlerDeps } from './handler';
export { createDashboardFromConfig, type Dashboard, type DashboardFromConfigOptions } from './from-config';
export { startDashboardServer, type DashboardServer, type DashboardServerOptions } from './serve';
export { openPerRequest, sharedWarehouse, type OpenPerRequestOptions, type WarehouseAccess } from './warehouse-access';
export { API_ROUTES, type ApiContext, type ApiRoute } from './api';
export { CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './headers';
export type { PipelineStatus } from './pipeline-status';
export type { RunRow, LatestRun } from './queries/runs';
export type { PriceRow, TickerRow } from './queries/market';
export type { NewsRow, ProductRow, FundingRow } from './queries/feeds';
