/**
 * The deploy settings: one pure parse of an environment object (`parseDeployConfig(env)`), called
 * once by main.ts and with plain objects by the tests. cdktf may not import shared/config (it
 * would pull runtime code into synth), so this schema covers only what the deployment declares.
 */
import { z } from 'zod';
import { STREAMER_SECRETS } from './secret-names';

/** An empty value is the same as an unset one, as in shared/config (t3-env's rule). */
const unsetIfBlank = (value: unknown): unknown => (typeof value === 'string' && value.trim() === '' ? undefined : value);
const opt = <S extends z.ZodType>(schema: S) => z.preprocess(unsetIfBlank, schema);
const whole = (fallback: number, min: number, max: number) =>
  opt(z.coerce.number().int().min(min).max(max).default(fallback));
const bool = (fallback: boolean) => opt(z.enum(['true', 'false']).default(fallback ? 'true' : 'false').transform((v) => v === 'true'));
const list = () => opt(z.string().transform((raw) => raw.split(',').map((s) => s.trim()).filter((s) => s !== '')).optional());
/** A principal IAM can grant to; `allUsers`/`allAuthenticatedUsers` have no prefix, so they never match. */
const IAM_MEMBER = /^(?:(?:user|group|serviceAccount):[^\s@:]+@[^\s@]+\.[^\s@]+|domain:[a-z0-9.-]+\.[a-z]{2,})$/;
const members = () => list().refine(
  (values) => (values ?? []).every((value) => IAM_MEMBER.test(value)),
  'must be IAM members such as group:team@example.com or user:me@example.com (public principals are refused)',
);

const schema = z.object({
  GOOGLE_CLOUD_PROJECT: opt(z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'must be a Google Cloud project id').optional()),
  DEPLOY_REGION: opt(z.string().regex(/^[a-z]+-[a-z]+\d$/, 'must be a region such as us-central1').default('us-central1')),
  LAKE_BUCKET: opt(z.string().regex(/^[a-z0-9][a-z0-9._-]{1,61}[a-z0-9]$/, 'must be a bucket name').optional()),
  LAKE_RAW_NEARLINE_AFTER_DAYS: whole(30, 1, 3650),
  BIGQUERY_DATASET: opt(z.string().regex(/^[A-Za-z0-9_]{1,1024}$/).default('market_data')),
  BIGQUERY_LOCATION: opt(z.string().default('US')),
  KAFKA_BROKERS: list(),
  KAFKA_VCPU: whole(3, 3, 960),
  KAFKA_MEMORY_GIB: whole(3, 3, 15_360),
  KAFKA_PARTITIONS: whole(3, 1, 1000),
  FUNCTION_MAX_INSTANCES: whole(3, 1, 1000),
  SCHEDULER_RETRY_COUNT: whole(3, 0, 5),
  STREAMER_IMAGE: opt(z.string().optional()),
  STREAMER_SECRETS: list(),
  LOG_LEVEL: opt(z.enum(['debug', 'info', 'warn', 'error']).default('info')),
  DEPLOY_DELETION_PROTECTION: bool(true),
  TF_STATE_BUCKET: opt(z.string().optional()),
  DASHBOARD_INVOKERS: members(),
});

/** What `cdktf/` declares, resolved from the environment; every name a resource gets derives from here. */
export interface DeployConfig {
  readonly projectId: string;
  readonly region: string;
  readonly lake: { readonly bucket: string; readonly rawNearlineAfterDays: number };
  readonly warehouse: { readonly dataset: string; readonly location: string };
  /** `managed`: a Managed Service for Apache Kafka cluster; `external`: the given bootstrap servers. */
  readonly kafka:
    | { readonly mode: 'managed'; readonly vcpu: number; readonly memoryGib: number; readonly partitions: number }
    | { readonly mode: 'external'; readonly brokers: readonly string[]; readonly partitions: number };
  readonly functions: { readonly maxInstances: number; readonly logLevel: string };
  readonly scheduler: { readonly retryCount: number };
  /** Container image of the streamer and its consumer workers (one image, a role per service). */
  readonly streamer: { readonly image: string; readonly secrets: readonly string[] };
  /**
   * Who may call the dashboard function (`roles/run.invoker` on it): IAM members such as
   * `group:analysts@example.com`. Empty (the default) = only principals with project-wide rights.
   * Never public: `allUsers`/`allAuthenticatedUsers` fail the parse.
   */
  readonly dashboard: { readonly invokers: readonly string[] };
  /** Off lets `make destroy` delete tables and services; on (the default) protects production data. */
  readonly deletionProtection: boolean;
  /** Bucket for Terraform state (GCS backend); unset keeps state local, for a first try only. */
  readonly stateBucket: string | undefined;
}

/** The environment as the entry point (main.ts) passes it, or as a test writes it. */
export type DeployEnv = Readonly<Record<string, string | undefined>>;

/**
 * Parses the deploy settings. Pure: reads only `env`. Defaults: region us-central1, bucket
 * `<project>-market-data-lake`, dataset market_data in US, raw objects to Nearline after 30 days,
 * a managed Kafka cluster of 3 vCPU / 3 GiB unless KAFKA_BROKERS names external bootstrap servers.
 * Throws one Error listing every bad variable by name (values are never echoed).
 */
export function parseDeployConfig(env: DeployEnv): DeployConfig {
  const parsed = schema.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (unsetIfBlank(env.GOOGLE_CLOUD_PROJECT) === undefined) problems.push('GOOGLE_CLOUD_PROJECT: is required to deploy');
  const projectId = parsed.success ? parsed.data.GOOGLE_CLOUD_PROJECT : undefined;
  if (!parsed.success || projectId === undefined) {
    throw new Error(`Invalid deploy configuration:\n  ${problems.join('\n  ')}`);
  }
  const v = parsed.data;
  const partitions = v.KAFKA_PARTITIONS;
  const kafka: DeployConfig['kafka'] = v.KAFKA_BROKERS && v.KAFKA_BROKERS.length > 0
    ? { mode: 'external', brokers: v.KAFKA_BROKERS, partitions }
    : { mode: 'managed', vcpu: v.KAFKA_VCPU, memoryGib: v.KAFKA_MEMORY_GIB, partitions };
  return Object.freeze({
    projectId,
    region: v.DEPLOY_REGION,
    lake: { bucket: v.LAKE_BUCKET ?? `${projectId}-market-data-lake`, rawNearlineAfterDays: v.LAKE_RAW_NEARLINE_AFTER_DAYS },
    warehouse: { dataset: v.BIGQUERY_DATASET, location: v.BIGQUERY_LOCATION },
    kafka,
    functions: { maxInstances: v.FUNCTION_MAX_INSTANCES, logLevel: v.LOG_LEVEL },
    scheduler: { retryCount: v.SCHEDULER_RETRY_COUNT },
    streamer: {
      image: v.STREAMER_IMAGE ?? `${v.DEPLOY_REGION}-docker.pkg.dev/${projectId}/market-data/streamer:latest`,
      secrets: v.STREAMER_SECRETS ?? [...STREAMER_SECRETS],
    },
    dashboard: { invokers: v.DASHBOARD_INVOKERS ?? [] },
    deletionProtection: v.DEPLOY_DELETION_PROTECTION,
    stateBucket: v.TF_STATE_BUCKET,
  });
}
