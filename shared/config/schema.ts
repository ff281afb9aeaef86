import { z } from 'zod';
import { KEY_ENV, keyNames, providerKeysOf } from './provider-keys';
import {
  hostPort,
  hostPortList,
  httpUrl,
  matching,
  oneOf,
  optionalOneOf,
  optionalWholeNumber,
  secret,
  text,
  wholeNumber,
  type Setting,
} from './settings';

/**
 * The watchlist shipped by default: 20 large US listings across sectors (NVDA carries the replay
 * server's 10:1 split). Operators override it with PRICES_WATCHLIST.
 */
export const DEFAULT_WATCHLIST = 'AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,BRK-B,JPM,V,UNH,XOM,JNJ,PG,MA,HD,COST,KO,PEP,WMT';

/** The price providers PRICES_PROVIDER chooses from (shared/sources/prices/registry.ts has one each). */
export const PRICE_PROVIDER_NAMES = ['yahoo', 'alpaca', 'polygon'] as const;

/** Which service a process of the one streamer image runs (streamer/role.ts); `all` runs the three. */
export const STREAMER_ROLES = ['all', 'producer', 'lake-sink', 'analyst'] as const;

/** Where price history starts by default: the first day a backfill (and a ticker without a cursor) reads. */
export const DEFAULT_BACKFILL_FROM = '2022-01-01';

/** Shared by every section that talks to Google Cloud, so each slice is self-sufficient. */
const projectId = text('GOOGLE_CLOUD_PROJECT');

/**
 * Every setting of the platform, grouped in sections: section -> field -> environment variable.
 * A later issue adds a section (or a field) here and, if needed, a rule to `crossFieldRules`;
 * nothing else changes. Each section becomes one typed slice of `Config` that an adapter's
 * factory receives (`createLake(config.lake)`).
 */
export const sections = {
  google: { projectId },
  lake: {
    backend: oneOf('LAKE_BACKEND', ['local', 'gcs'], 'local'),
    dir: text('LAKE_DIR', '.data/lake'),
    bucket: matching(
      'LAKE_BUCKET',
      /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/,
      'must be a Cloud Storage bucket name (lowercase letters, digits, - _ .)',
    ),
    projectId,
    apiEndpoint: httpUrl('GCS_API_ENDPOINT'),
  },
  warehouse: {
    backend: oneOf('WAREHOUSE_BACKEND', ['duckdb', 'bigquery'], 'duckdb'),
    duckdbPath: text('DUCKDB_PATH', '.data/warehouse.duckdb'),
    projectId,
    dataset: matching(
      'BIGQUERY_DATASET',
      /^[A-Za-z0-9_]{1,1024}$/,
      'must be letters, digits and underscores',
      'market_data',
    ),
    location: text('BIGQUERY_LOCATION', 'US'),
    apiEndpoint: httpUrl('BIGQUERY_API_ENDPOINT'),
  },
  stream: {
    /** Unset means the stream runs on the local file-backed log under `dir`. */
    kafkaBrokers: hostPortList('KAFKA_BROKERS'),
    dir: text('STREAM_DIR', '.data/stream'),
    clientId: text('KAFKA_CLIENT_ID', 'market-data'),
    /**
     * `PLAINTEXT` for a local broker; `SASL_SSL` (TLS, then SASL) for Google Managed Kafka,
     * Confluent Cloud, Aiven, Redpanda Cloud. There is no TLS-without-SASL mode: no target needs it.
     */
    securityProtocol: oneOf('KAFKA_SECURITY_PROTOCOL', ['PLAINTEXT', 'SASL_SSL'], 'PLAINTEXT'),
    /**
     * How the client proves who it is over SASL_SSL. `oauthbearer-google`: Google's JWT-shaped token
     * minted from Application Default Credentials (Managed Kafka). `plain`, `scram-sha-256`,
     * `scram-sha-512`: KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD. `oauthbearer-unsecured-dev-only`:
     * an unsigned JWT for Kafka's own unsecured validator, for the local test broker only; never
     * deploy it (any client could claim any name).
     */
    saslMechanism: optionalOneOf('KAFKA_SASL_MECHANISM', [
      'oauthbearer-google',
      'plain',
      'scram-sha-256',
      'scram-sha-512',
      'oauthbearer-unsecured-dev-only',
    ]),
    /** The SASL user (plain, scram-*); the token's subject for oauthbearer-unsecured-dev-only. */
    saslUsername: text('KAFKA_SASL_USERNAME'),
    /** The SASL password (plain, scram-*); from Secret Manager when deployed. */
    saslPassword: secret('KAFKA_SASL_PASSWORD'),
    /**
     * A PEM file of the CA certificates to trust for the brokers (a self-signed listener);
     * unset means Node's default CAs, which is right for Managed Kafka and the hosted offers.
     */
    sslCaFile: text('KAFKA_SSL_CA_FILE'),
    /**
     * The service account email in an oauthbearer-google token's `sub`. Unset means the email
     * ADC reports (a key file's client_email, or the metadata server's account); user
     * credentials from `gcloud auth application-default login` report none, so set it there.
     */
    saslGooglePrincipal: matching(
      'KAFKA_SASL_GOOGLE_PRINCIPAL',
      /^[^@\s]+@[^@\s]+\.[^@\s]+$/,
      'must be a service account email',
    ),
  },
  pubsub: { projectId, emulatorHost: hostPort('PUBSUB_EMULATOR_HOST') },
  log: {
    level: oneOf('LOG_LEVEL', ['debug', 'info', 'warn', 'error'], 'info'),
    /** `auto` means pretty on a terminal, JSON lines otherwise (Cloud Logging). */
    format: oneOf('LOG_FORMAT', ['json', 'pretty', 'auto'], 'auto'),
  },
  http: {
    timeoutMs: wholeNumber('HTTP_TIMEOUT_MS', 30_000, { min: 1 }),
    maxRetries: wholeNumber('HTTP_MAX_RETRIES', 5, { max: 20 }),
    /** A product UA by default; the word `browser` selects the browser-like UA. */
    userAgent: text('HTTP_USER_AGENT'),
  },
  /** Every pipeline run (the shared run loop). */
  run: {
    /**
     * Seconds after its start during which a run may start slices; then it finishes what is in
     * flight, stores its resume points and ends `partial`, and the next call goes on. Unset means
     * the pipeline's function timeout minus a margin (shared/pipelines/time-budget.ts), which is
     * also what a deploy passes; set it for tests, or higher for a long local backfill.
     */
    timeBudgetS: optionalWholeNumber('RUN_TIME_BUDGET_S', { min: 1 }),
  },
  alpaca: { keyId: secret(KEY_ENV.alpacaKeyId), secretKey: secret(KEY_ENV.alpacaSecretKey) },
  polygon: { apiKey: secret(KEY_ENV.polygonApiKey) },
  productHunt: {
    token: secret(KEY_ENV.productHuntToken),
    /** Unset means https://api.producthunt.com. */
    baseUrl: httpUrl('PRODUCT_HUNT_BASE_URL'),
    pageSize: wholeNumber('PRODUCT_HUNT_PAGE_SIZE', 20, { min: 1, max: 50 }),
    /** Longest wait for a complexity-budget reset before the run stops with a resumable cursor. */
    maxWaitMs: wholeNumber('PRODUCT_HUNT_MAX_WAIT_MS', 60_000, { min: 0 }),
    reservePoints: wholeNumber('PRODUCT_HUNT_RESERVE_POINTS', 100, { min: 0 }),
    lookbackDays: wholeNumber('PRODUCT_HUNT_LOOKBACK_DAYS', 7, { min: 1 }),
  },
  crunchbase: {
    apiKey: secret(KEY_ENV.crunchbaseApiKey),
    /** Unset means https://api.crunchbase.com. */
    baseUrl: httpUrl('CRUNCHBASE_BASE_URL'),
    pageSize: wholeNumber('CRUNCHBASE_PAGE_SIZE', 100, { min: 1, max: 1000 }),
    maxPermalinksPerCall: wholeNumber('CRUNCHBASE_MAX_PERMALINKS_PER_CALL', 25, { min: 1, max: 200 }),
    fundingRoundsLookbackDays: wholeNumber('CRUNCHBASE_FUNDING_ROUNDS_LOOKBACK_DAYS', 30, { min: 1 }),
  },
  newsStream: {
    streamUrl: matching(
      'ALPACA_NEWS_STREAM_URL',
      /^wss?:\/\/\S+$/,
      'must be a ws:// or wss:// URL',
      'wss://stream.data.alpaca.markets/v1beta1/news',
    ),
    restBaseUrl: matching(
      'ALPACA_NEWS_BASE_URL',
      /^https?:\/\/\S+$/,
      'must be an http:// or https:// URL',
      'https://data.alpaca.markets',
    ),
    subscribe: matching(
      'NEWS_SUBSCRIBE',
      /^(\*|[A-Za-z0-9.\-/]+(\s*,\s*[A-Za-z0-9.\-/]+)*)$/,
      'must be * or a comma-separated list of symbols',
      '*',
    ),
    topic: matching('NEWS_TOPIC', /^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name', 'news'),
    dlqTopic: matching('NEWS_DLQ_TOPIC', /^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka topic name', 'news.dlq'),
    topicPartitions: wholeNumber('NEWS_TOPIC_PARTITIONS', 6, { min: 1, max: 10_000 }),
    port: wholeNumber('PORT', 8080, { max: 65_535 }),
    /** 127.0.0.1 locally; the Cloud Run service sets 0.0.0.0. */
    host: text('HEALTH_HOST', '127.0.0.1'),
    pingIntervalMs: wholeNumber('NEWS_PING_INTERVAL_MS', 15_000, { min: 100 }),
    pongTimeoutMs: wholeNumber('NEWS_PONG_TIMEOUT_MS', 10_000, { min: 100 }),
    handshakeTimeoutMs: wholeNumber('NEWS_HANDSHAKE_TIMEOUT_MS', 15_000, { min: 100 }),
    reconnectInitialDelayMs: wholeNumber('NEWS_RECONNECT_INITIAL_DELAY_MS', 500, { min: 1 }),
    reconnectMaxDelayMs: wholeNumber('NEWS_RECONNECT_MAX_DELAY_MS', 30_000, { min: 1 }),
    reconnectStableAfterMs: wholeNumber('NEWS_RECONNECT_STABLE_AFTER_MS', 60_000),
    catchUpOverlapMs: wholeNumber('NEWS_CATCH_UP_OVERLAP_MS', 60_000),
    unhealthyAfterMs: wholeNumber('NEWS_UNHEALTHY_AFTER_MS', 120_000, { min: 1 }),
    flushTimeoutMs: wholeNumber('NEWS_FLUSH_TIMEOUT_MS', 8_000),
  },
  prices: {
    provider: oneOf('PRICES_PROVIDER', PRICE_PROVIDER_NAMES, 'yahoo'),
    /** Comma-separated upper-case tickers. */
    watchlist: text('PRICES_WATCHLIST', DEFAULT_WATCHLIST),
    /** First day a backfill (and a ticker without a cursor) starts from. */
    backfillFrom: matching(
      'PRICES_BACKFILL_FROM',
      /^\d{4}-\d{2}-\d{2}$/,
      "must be a 'YYYY-MM-DD' date",
      DEFAULT_BACKFILL_FROM,
    ),
    /** Incremental runs re-read this many trading days before each cursor, to catch corrections. */
    lagDays: wholeNumber('PRICES_LAG_DAYS', 5, { max: 366 }),
    sliceMonths: wholeNumber('PRICES_SLICE_MONTHS', 12, { min: 1, max: 120 }),
    concurrency: wholeNumber('PIPELINE_CONCURRENCY', 4, { min: 1, max: 64 }),
    yahooBaseUrl: httpUrl('YAHOO_BASE_URL'),
    yahooRequestsPerMinute: wholeNumber('YAHOO_REQUESTS_PER_MINUTE', 600, { min: 1 }),
    /** Unset means https://data.alpaca.markets. Keys: the alpaca section (APCA_API_*). */
    alpacaDataBaseUrl: httpUrl('ALPACA_DATA_BASE_URL'),
    /** Alpaca's free plan allows 200 requests a minute. */
    alpacaRequestsPerMinute: wholeNumber('ALPACA_REQUESTS_PER_MINUTE', 200, { min: 1 }),
    /** Alpaca's bars `feed` ('iex' on the free plan, 'sip' paid); unset means the account's default. */
    alpacaFeed: matching('ALPACA_FEED', /^[a-z_]{1,32}$/, "must be an Alpaca feed name such as 'iex' or 'sip'"),
    /** Bars per Alpaca page, across symbols (Alpaca's cap: 10000). */
    alpacaPageLimit: wholeNumber('ALPACA_PAGE_LIMIT', 10_000, { min: 1, max: 10_000 }),
    /** Unset means https://api.polygon.io. Key: the polygon section (POLYGON_API_KEY). */
    polygonBaseUrl: httpUrl('POLYGON_BASE_URL'),
    /** Polygon's free tier allows 5 requests a minute. */
    polygonRequestsPerMinute: wholeNumber('POLYGON_REQUESTS_PER_MINUTE', 5, { min: 1 }),
    /** Aggregates per Polygon page (Polygon's cap: 50000). */
    polygonPageLimit: wholeNumber('POLYGON_PAGE_LIMIT', 50_000, { min: 1, max: 50_000 }),
  },
  /** The hourly news batch; Alpaca's REST origin is `newsStream.restBaseUrl`, its keys `alpaca`. */
  newsBatch: {
    /** Comma-separated symbols; unset means the prices watchlist (PRICES_WATCHLIST), so one list serves both. */
    watchlist: text('NEWS_WATCHLIST'),
    /** Also fetch every article, not only the watchlist's ('true' | 'false'). */
    marketWide: oneOf('NEWS_MARKET_WIDE', ['true', 'false'], 'true'),
    /** Each run re-reads this many minutes before the cursor (articles indexed or updated late). */
    lagWindowMinutes: wholeNumber('NEWS_LAG_WINDOW_MINUTES', 15, { max: 7 * 24 * 60 }),
    /** Without a cursor, the first run starts this many hours back. */
    initialLookbackHours: wholeNumber('NEWS_INITIAL_LOOKBACK_HOURS', 24, { min: 1, max: 24 * 366 }),
    /** Articles per Alpaca page (the API's maximum is 50). */
    pageSize: wholeNumber('NEWS_PAGE_SIZE', 50, { min: 1, max: 50 }),
    /** The keyless fallback's origin; unset means https://feeds.finance.yahoo.com. */
    rssBaseUrl: httpUrl('YAHOO_RSS_BASE_URL'),
  },
  consumers: {
    role: oneOf('STREAMER_ROLE', STREAMER_ROLES, 'producer'),
    lakeSinkGroup: matching('LAKE_SINK_GROUP', /^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka group name', 'lake-sink'),
    lakeSinkMaxBatch: wholeNumber('LAKE_SINK_MAX_BATCH', 1_000, { min: 1, max: 100_000 }),
    lakeSinkFlushMs: wholeNumber('LAKE_SINK_FLUSH_MS', 0, { max: 60_000 }),
    analystGroup: matching('ANALYST_GROUP', /^[a-zA-Z0-9._-]{1,249}$/, 'must be a Kafka group name', 'analyst'),
    signalsTopic: matching(
      'NEWS_SIGNALS_TOPIC',
      /^[A-Za-z][A-Za-z0-9._~+%-]{2,254}$/,
      'must be a Pub/Sub topic name',
      'news-signals',
    ),
    analystTickers: text('ANALYST_TICKERS', ''),
    eventsDir: text('EVENTS_DIR', '.data/events'),
  },
  dashboard: {
    /** Separate from PORT because the demo runs several servers on one machine. */
    port: wholeNumber('DASHBOARD_PORT', 8080, { max: 65_535 }),
    host: text('DASHBOARD_HOST', '127.0.0.1'),
  },
} as const satisfies Record<string, Record<string, Setting>>;

/**
 * "When `when.env` is `when.equals` (or one of them), every variable of `requires` must be set
 * and every variable of `forbids` must be unset." A forbidden variable is one that setting would
 * be silently ignored, which hides a mistake (credentials given, yet the stream runs in plaintext).
 */
export interface CrossFieldRule {
  readonly when: { readonly env: string; readonly equals: string | readonly string[] };
  readonly requires?: readonly string[];
  readonly forbids?: readonly string[];
}

/** Rules that span settings; reported in the same message as the per-variable problems. */
export const crossFieldRules: readonly CrossFieldRule[] = [
  { when: { env: 'LAKE_BACKEND', equals: 'gcs' }, requires: ['LAKE_BUCKET', 'GOOGLE_CLOUD_PROJECT'] },
  { when: { env: 'WAREHOUSE_BACKEND', equals: 'bigquery' }, requires: ['GOOGLE_CLOUD_PROJECT'] },
  // A price provider needs its required keys, as provider-keys.ts lists them.
  ...PRICE_PROVIDER_NAMES.flatMap((provider) => {
    const requires = keyNames(providerKeysOf(provider), 'required');
    return requires.length === 0 ? [] : [{ when: { env: 'PRICES_PROVIDER', equals: provider }, requires }];
  }),
  { when: { env: 'KAFKA_SECURITY_PROTOCOL', equals: 'SASL_SSL' }, requires: ['KAFKA_BROKERS', 'KAFKA_SASL_MECHANISM'] },
  {
    when: { env: 'KAFKA_SECURITY_PROTOCOL', equals: 'PLAINTEXT' },
    forbids: ['KAFKA_SASL_MECHANISM', 'KAFKA_SSL_CA_FILE'],
  },
  {
    when: { env: 'KAFKA_SASL_MECHANISM', equals: ['plain', 'scram-sha-256', 'scram-sha-512'] },
    requires: ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'],
  },
  {
    when: { env: 'KAFKA_SASL_MECHANISM', equals: 'oauthbearer-unsecured-dev-only' },
    requires: ['KAFKA_SASL_USERNAME'],
  },
];

type Sections = typeof sections;
type SectionOf<T extends Record<string, Setting>> = { readonly [K in keyof T]: z.output<T[K]['schema']> };

/** The whole, validated, frozen configuration, one slice per section. */
export type Config = { readonly [S in keyof Sections]: SectionOf<Sections[S]> };
export type GoogleConfig = Config['google'];
export type LakeConfig = Config['lake'];
export type WarehouseConfig = Config['warehouse'];
export type StreamConfig = Config['stream'];
export type PubSubConfig = Config['pubsub'];
export type LogConfig = Config['log'];
export type HttpConfig = Config['http'];
export type AlpacaConfig = Config['alpaca'];
export type PolygonConfig = Config['polygon'];
export type ProductHuntConfig = Config['productHunt'];
export type CrunchbaseConfig = Config['crunchbase'];
export type NewsStreamConfig = Config['newsStream'];
export type PricesConfig = Config['prices'];
export type NewsBatchConfig = Config['newsBatch'];
export type ConsumersConfig = Config['consumers'];
export type DashboardConfig = Config['dashboard'];

/** The environment as `loadConfig` reads it. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Every distinct setting, keyed by its variable name. */
export function settingsByEnv(): ReadonlyMap<string, Setting> {
  const byEnv = new Map<string, Setting>();
  for (const fields of Object.values(sections) as Record<string, Setting>[]) {
    for (const field of Object.values(fields)) byEnv.set(field.env, field);
  }
  return byEnv;
}

function buildSchema(): z.ZodType<Config, Env> {
  const flat = z.object(Object.fromEntries([...settingsByEnv()].map(([env, field]) => [env, field.schema])));
  // `when: () => true` makes a rule run even when another variable already failed: t3-env style,
  // the operator sees every problem in one start-up instead of fixing them one run at a time.
  let checked = flat as unknown as z.ZodType<Record<string, unknown>, Env>;
  for (const rule of crossFieldRules) {
    // One refinement per listed value, so each message names the value actually set.
    for (const equals of typeof rule.when.equals === 'string' ? [rule.when.equals] : rule.when.equals) {
      const applies = (values: Record<string, unknown>) => values[rule.when.env] === equals;
      for (const env of rule.requires ?? []) {
        checked = checked.refine((values) => !applies(values) || values[env] !== undefined, {
          path: [env],
          error: `is required when ${rule.when.env}=${equals}`,
          when: () => true,
        });
      }
      for (const env of rule.forbids ?? []) {
        checked = checked.refine((values) => !applies(values) || values[env] === undefined, {
          path: [env],
          error: `is ignored when ${rule.when.env}=${equals}: unset it, or change ${rule.when.env}`,
          when: () => true,
        });
      }
    }
  }
  return checked.transform((values) => nest(values)) as unknown as z.ZodType<Config, Env>;
}

function nest(values: Record<string, unknown>): Config {
  const config: Record<string, Record<string, unknown>> = {};
  for (const [name, fields] of Object.entries(sections) as [string, Record<string, Setting>][]) {
    config[name] = Object.fromEntries(Object.entries(fields).map(([field, s]) => [field, values[s.env]]));
  }
  return config as unknown as Config;
}

/**
 * The one schema of all settings: its input is an environment object (variable -> string), its
 * output the nested `Config`. Issue paths are variable names, so messages name what to fix.
 */
export const configSchema = buildSchema();
