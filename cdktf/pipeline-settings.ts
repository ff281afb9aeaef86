/**
 * Runtime settings in the deploy config, checked by the runtime's own schema (shared/config), so a
 * setting the deployed function would refuse at start fails the deploy instead, naming the key.
 * Also derives, from the settings, which provider secrets a workload needs.
 */
import { configSchema, settingsByEnv } from '../shared/config/schema';
import {
  STREAMER_PROVIDER_KEYS,
  keyNames,
  providerKeysOf,
  type PipelineEntry,
  type ProviderKey,
} from '../shared/pipelines/registry';
import { secretIdFor, type WorkloadSecrets } from './secret-names';

/**
 * Settings the deploy itself sets, from the config key named here, so the file cannot contradict
 * them; and settings of the local embedded defaults, meaningless in the cloud.
 */
export const DEPLOY_OWNED_SETTINGS: Readonly<Record<string, string>> = Object.freeze({
  GOOGLE_CLOUD_PROJECT: 'project',
  LAKE_BACKEND: 'always gcs',
  LAKE_BUCKET: 'lake.bucket',
  LAKE_DIR: 'local only',
  GCS_API_ENDPOINT: 'emulators only',
  WAREHOUSE_BACKEND: 'always bigquery',
  DUCKDB_PATH: 'local only',
  BIGQUERY_DATASET: 'warehouse.dataset',
  BIGQUERY_LOCATION: 'warehouse.location',
  BIGQUERY_API_ENDPOINT: 'emulators only',
  PUBSUB_EMULATOR_HOST: 'emulators only',
  KAFKA_BROKERS: 'streaming.kafka',
  KAFKA_SECURITY_PROTOCOL: 'streaming.kafka',
  KAFKA_SASL_MECHANISM: 'streaming.kafka',
  KAFKA_SASL_USERNAME: 'streaming.kafka.username',
  KAFKA_SSL_CA_FILE: 'streaming.kafka (public CAs)',
  STREAM_DIR: 'local only',
  EVENTS_DIR: 'local only',
  NEWS_TOPIC_PARTITIONS: 'streaming.partitions',
  STREAMER_ROLE: 'the worker pool',
  PORT: 'Cloud Run',
  HEALTH_HOST: 'Cloud Run',
  DASHBOARD_PORT: 'local only',
  DASHBOARD_HOST: 'local only',
  LOG_FORMAT: 'always json',
  LOG_LEVEL: 'functions.logLevel',
  RUN_TIME_BUDGET_S: "the registry entry's timeout",
});

/** Checked settings of one workload. */
export interface RuntimeSettings {
  /** Plain environment variables, exactly as written in the file (validated). */
  readonly env: Readonly<Record<string, string>>;
  readonly secrets: WorkloadSecrets;
}

/**
 * The settings `settings` of the workload at config path `path`, checked. `secretsFor` is the
 * pipeline whose provider decides its secrets (a pipeline with `sourceSetting` takes the source
 * from that setting, e.g. PRICES_PROVIDER), or 'streamer'. Pure.
 */
export function checkRuntimeSettings(
  path: string,
  settings: Readonly<Record<string, string>>,
  options: { secretsFor: PipelineEntry | 'streamer' },
): { settings: RuntimeSettings; problems: string[] } {
  const known = settingsByEnv();
  const problems: string[] = [];
  const refused = new Set<string>();
  for (const name of Object.keys(settings)) {
    const setting = known.get(name);
    const problem =
      setting === undefined
        ? 'not a setting of the platform (shared/config/schema.ts lists them)'
        : setting.secret
          ? `is a secret: store it in Secret Manager as '${secretIdFor(name)}', never in the config`
          : Object.hasOwn(DEPLOY_OWNED_SETTINGS, name)
            ? `is set by the deploy (${DEPLOY_OWNED_SETTINGS[name]})`
            : undefined;
    if (problem !== undefined) {
      refused.add(name);
      problems.push(`${path}.${name}: ${problem}`);
    }
  }
  // Secrets filled in, so cross-field rules about them (PRICES_PROVIDER=alpaca needs keys) pass
  // here: which secrets must exist is derived below and checked against Secret Manager.
  const secretsPresent = Object.fromEntries(
    [...known.values()].filter((s) => s.secret).map((s) => [s.env, 'from-secret-manager']),
  );
  const result = configSchema.safeParse({ ...secretsPresent, ...settings });
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0]);
      if (Object.hasOwn(settings, name) && !refused.has(name)) problems.push(`${path}.${name}: ${issue.message}`);
    }
  }
  const keys =
    options.secretsFor === 'streamer' ? STREAMER_PROVIDER_KEYS : providerKeysOf(sourceOf(options.secretsFor, settings));
  return { settings: { env: { ...settings }, secrets: secretsOf(keys) }, problems };
}

/** The registry `source` a pipeline reads with these settings. */
export function sourceOf(entry: PipelineEntry, settings: Readonly<Record<string, string>>): string {
  if (entry.sourceSetting === undefined) return entry.source;
  const written = settings[entry.sourceSetting]?.trim();
  return written === undefined || written === '' ? entry.source : written;
}

function secretsOf(keys: readonly ProviderKey[]): WorkloadSecrets {
  return { required: keyNames(keys, 'required'), optional: keyNames(keys, 'optional') };
}
