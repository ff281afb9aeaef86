/**
 * The platform's environment for the demo, as a pure function: the variables every in-process
 * function, consumer and the dashboard read through shared/config's `loadConfig()`. In demo mode
 * every provider URL and key points at the local replay stand-ins, so nothing leaves the machine;
 * in dev mode the operator's environment (and `.env`) supplies them.
 */
import { join, resolve } from 'node:path';
import type { DemoOptions } from './options';

/** Where the replay stand-ins listen and what they accept (demo mode). */
export interface ReplayEndpoints {
  /** Yahoo chart, Alpaca bars and Polygon aggregates. */
  prices: { baseUrl: string; alpaca: { keyId: string; secretKey: string }; polygonApiKey: string };
  /** Alpaca news websocket and REST, Yahoo RSS. */
  news: { streamUrl: string; baseUrl: string; keyId: string; secretKey: string };
  productHunt: { baseUrl: string; token: string };
  crunchbase: { baseUrl: string; apiKey: string };
}

/** The data locations under the demo's data directory (absolute). */
export interface DataPaths {
  root: string;
  lakeDir: string;
  duckdbPath: string;
  streamDir: string;
  eventsDir: string;
}

/** Absolute data paths under `options.dataDir`, resolved against `cwd`. */
export function dataPaths(options: Pick<DemoOptions, 'dataDir'>, cwd: string): DataPaths {
  const root = resolve(cwd, options.dataDir);
  return {
    root,
    lakeDir: join(root, 'lake'),
    duckdbPath: join(root, 'warehouse.duckdb'),
    streamDir: join(root, 'stream'),
    eventsDir: join(root, 'events'),
  };
}

/**
 * The variables to set for the platform. `base` is the launcher's own environment (with `.env`
 * merged in dev mode); the result contains only what the demo sets, to be laid over `base`.
 * Storage is always the embedded default (local lake, DuckDB) under the data directory; Kafka is
 * used when `base` has KAFKA_BROKERS, otherwise the file log.
 */
export function platformEnvironment(
  options: DemoOptions,
  paths: DataPaths,
  base: Readonly<Record<string, string | undefined>>,
  replays?: ReplayEndpoints,
): Record<string, string> {
  const env: Record<string, string> = {
    LAKE_BACKEND: 'local',
    LAKE_DIR: paths.lakeDir,
    WAREHOUSE_BACKEND: 'duckdb',
    DUCKDB_PATH: paths.duckdbPath,
    STREAM_DIR: paths.streamDir,
    EVENTS_DIR: paths.eventsDir,
    DASHBOARD_HOST: options.host,
    DASHBOARD_PORT: String(options.dashboardPort),
    HEALTH_HOST: options.host,
    PRICES_BACKFILL_FROM: options.backfillFrom,
    // Google clients must never probe the GCE metadata server.
    METADATA_SERVER_DETECTION: 'none',
  };
  if (options.mode === 'dev') {
    env.PRICES_WATCHLIST = nonBlank(base.PRICES_WATCHLIST) ?? options.watchlist.join(',');
    return env;
  }
  if (replays === undefined) throw new TypeError('demo mode needs the replay endpoints');
  return {
    ...env,
    PRICES_WATCHLIST: options.watchlist.join(','),
    PRICES_PROVIDER: 'yahoo',
    YAHOO_BASE_URL: replays.prices.baseUrl,
    ALPACA_DATA_BASE_URL: replays.prices.baseUrl,
    POLYGON_BASE_URL: replays.prices.baseUrl,
    POLYGON_API_KEY: replays.prices.polygonApiKey,
    APCA_API_KEY_ID: replays.news.keyId,
    APCA_API_SECRET_KEY: replays.news.secretKey,
    ALPACA_NEWS_STREAM_URL: replays.news.streamUrl,
    ALPACA_NEWS_BASE_URL: replays.news.baseUrl,
    YAHOO_RSS_BASE_URL: replays.news.baseUrl,
    NEWS_SUBSCRIBE: '*',
    PRODUCT_HUNT_TOKEN: replays.productHunt.token,
    PRODUCT_HUNT_BASE_URL: replays.productHunt.baseUrl,
    CRUNCHBASE_API_KEY: replays.crunchbase.apiKey,
    CRUNCHBASE_BASE_URL: replays.crunchbase.baseUrl,
    // The replay's 45 posts span under six days; a week's lookback reads them all.
    PRODUCT_HUNT_LOOKBACK_DAYS: '7',
    // A project id without an emulator would publish the analyst's events to real Pub/Sub: blank
    // (= unset) keeps them in EVENTS_DIR unless the operator runs the Pub/Sub emulator.
    ...(nonBlank(base.PUBSUB_EMULATOR_HOST) === undefined ? { GOOGLE_CLOUD_PROJECT: '' } : {}),
  };
}

/**
 * `base` overlaid by `dotEnv` where `base` has no (non-blank) value: dotenv's rule, the real
 * environment wins over the file.
 */
export function withDotEnv(
  base: Readonly<Record<string, string | undefined>>,
  dotEnv: Readonly<Record<string, string>>,
): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...dotEnv };
  for (const [name, value] of Object.entries(base))
    if (value !== undefined && value.trim() !== '') merged[name] = value;
  return merged;
}

function nonBlank(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
