/**
 * The deploy config: ONE file (JSON, `DEPLOY_CONFIG=path`), documented in cdktf/README.md with a
 * complete example in cdktf/deploy.example.json. `parseDeployConfig(raw)` is pure: the parsed JSON
 * in, a frozen `DeployConfig` out, or one Error listing every bad key by its path. Per-pipeline and
 * streamer settings are environment variables of the runtime, checked by the runtime's own zod
 * schema (shared/config) exactly as the deployed process will check them (pipeline-settings.ts).
 */
import { z } from 'zod';
import { deepFreeze } from '../shared/config/load';
import { sections } from '../shared/config/schema';
import { PIPELINES, type PipelineEntry } from '../shared/pipelines/registry';
import { checkRuntimeSettings, type RuntimeSettings } from './pipeline-settings';

/** A principal IAM can grant to; `allUsers`/`allAuthenticatedUsers` have no prefix, so they never match. */
const IAM_MEMBER = /^(?:(?:user|group|serviceAccount):[^\s@:]+@[^\s@]+\.[^\s@]+|domain:[a-z0-9.-]+\.[a-z]{2,})$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const HOST_PORT = /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/;

const whole = (fallback: number, min: number, max: number) => z.number().int().min(min).max(max).default(fallback);

/**
 * A deploy key that the runtime reads as one of its settings (LAKE_BUCKET, BIGQUERY_DATASET, ...):
 * checked, and defaulted, by that setting's own schema, so the file and the runtime cannot disagree.
 */
function runtimeSetting<S extends z.ZodType>(setting: { readonly schema: S }) {
  return z.string().optional().transform(checkedBy(setting.schema));
}

/** As `runtimeSetting`, for a text key the file must give: a string in, the same string out. */
function requiredRuntimeSetting(setting: { readonly schema: z.ZodType }) {
  const check = checkedBy(setting.schema);
  return z.string().transform((value, ctx) => check(value, ctx) as string);
}

function checkedBy<S extends z.ZodType>(schema: S) {
  return (value: string | undefined, ctx: z.RefinementCtx): z.output<S> => {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
    return z.NEVER;
  };
}

const settingsMap = z.record(z.string(), z.string()).default({});

/** A cron schedule override; the registry's own is the default. */
const scheduleOverride = z.strictObject({
  cron: z
    .string()
    .regex(/^\S+( \S+){4}$/, 'must be five cron fields')
    .optional(),
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/New_York').optional(),
});

const pipelineOverride = z.strictObject({
  /** false leaves the pipeline undeployed (no function, no job, no secrets needed). */
  enabled: z.boolean().default(true),
  schedule: scheduleOverride.optional(),
  /** Runtime settings (environment variable -> value), checked by shared/config's schema. */
  settings: settingsMap,
});

const managedKafka = z.strictObject({
  mode: z.literal('managed'),
  vcpu: whole(3, 3, 960),
  memoryGib: whole(3, 3, 15_360),
});

const externalKafka = z.strictObject({
  mode: z.literal('external'),
  /** Bootstrap servers (SASL_SSL), reachable from the worker pool's network. */
  brokers: z.array(z.string().regex(HOST_PORT, 'must be host:port')).min(1),
  saslMechanism: z.enum(['plain', 'scram-sha-512']),
  /** SASL user; its password is the Secret Manager secret `kafka-sasl-password`. */
  username: z.string().min(1),
});

const fileSchema = z.strictObject({
  project: z.string().regex(PROJECT_ID, 'must be a Google Cloud project id'),
  region: z
    .string()
    .regex(/^[a-z]+-[a-z]+\d$/, 'must be a region such as us-central1')
    .default('us-central1'),
  /** Bucket holding Terraform state (GCS backend): required, so no state ever lives in the checkout. */
  stateBucket: requiredRuntimeSetting(sections.lake.bucket),
  // What the runtime reads as LAKE_BUCKET, BIGQUERY_DATASET, BIGQUERY_LOCATION and LOG_LEVEL is
  // checked by the runtime's own settings, defaults included.
  lake: z
    .strictObject({
      bucket: runtimeSetting(sections.lake.bucket),
      rawNearlineAfterDays: whole(30, 1, 3650),
    })
    .prefault({}),
  warehouse: z
    .strictObject({
      dataset: runtimeSetting(sections.warehouse.dataset),
      location: runtimeSetting(sections.warehouse.location),
    })
    .prefault({}),
  functions: z
    .strictObject({
      maxInstances: whole(3, 1, 1000),
      logLevel: runtimeSetting(sections.log.level),
    })
    .prefault({}),
  scheduler: z.strictObject({ retryCount: whole(3, 0, 5) }).default({ retryCount: 3 }),
  dashboard: z
    .strictObject({
      invokers: z
        .array(
          z
            .string()
            .regex(IAM_MEMBER, 'must be an IAM member such as group:team@example.com (public principals are refused)'),
        )
        .default([]),
    })
    .default({ invokers: [] }),
  /** Off lets `make destroy` delete tables and workers; on (the default) protects production data. */
  deletionProtection: z.boolean().default(true),
  pipelines: z.record(z.string(), pipelineOverride).default({}),
  streaming: z
    .strictObject({
      /** false deploys the batch platform only (no Kafka, no worker pool): about 95% of the running cost. */
      enabled: z.boolean().default(true),
      kafka: z
        .discriminatedUnion('mode', [managedKafka, externalKafka])
        .default({ mode: 'managed', vcpu: 3, memoryGib: 3 }),
      /** Partitions of the news topics; also the consumers' concurrency. */
      partitions: whole(3, 1, 1000),
      settings: settingsMap,
    })
    .default({ enabled: true, kafka: { mode: 'managed', vcpu: 3, memoryGib: 3 }, partitions: 3, settings: {} }),
});

/** The deploy config file as written (before defaults), for docs and tests. */
export type DeployConfigFile = z.input<typeof fileSchema>;

/** One deployed pipeline: its registry entry with the file's overrides applied. */
export interface DeployedPipeline {
  readonly entry: PipelineEntry;
  readonly schedule: PipelineEntry['schedule'];
  /** Validated runtime settings and the secrets they need (pipeline-settings.ts). */
  readonly settings: RuntimeSettings;
}

/** Kafka as the deployment reaches it: always SASL_SSL. */
export type DeployKafka =
  | { readonly mode: 'managed'; readonly vcpu: number; readonly memoryGib: number }
  | {
      readonly mode: 'external';
      readonly brokers: readonly string[];
      readonly saslMechanism: 'plain' | 'scram-sha-512';
      readonly username: string;
    };

/** What `cdktf/` declares; every name a resource gets derives from here. */
export interface DeployConfig {
  readonly projectId: string;
  readonly region: string;
  readonly stateBucket: string;
  readonly lake: { readonly bucket: string; readonly rawNearlineAfterDays: number };
  readonly warehouse: { readonly dataset: string; readonly location: string };
  readonly functions: { readonly maxInstances: number; readonly logLevel: string };
  readonly scheduler: { readonly retryCount: number };
  /** Who may call the dashboard function (`roles/run.invoker`); never public. */
  readonly dashboard: { readonly invokers: readonly string[] };
  readonly deletionProtection: boolean;
  /** The enabled pipelines, in registry order. */
  readonly pipelines: readonly DeployedPipeline[];
  /** undefined when `streaming.enabled` is false. */
  readonly streaming:
    { readonly kafka: DeployKafka; readonly partitions: number; readonly settings: RuntimeSettings } | undefined;
}

/**
 * Parses the deploy config file's content. Pure. Unknown keys, unknown pipeline names, runtime
 * settings that the runtime would refuse, settings the deploy owns and secrets passed as plain
 * settings are all errors; every one is listed in one Error, by path (values never echoed).
 */
export function parseDeployConfig(raw: unknown, registry: readonly PipelineEntry[] = PIPELINES): DeployConfig {
  const parsed = fileSchema.safeParse(raw);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
  if (!parsed.success) throw new DeployConfigError(problems);
  const v = parsed.data;
  const known = new Set(registry.map((entry) => entry.name));
  for (const name of Object.keys(v.pipelines)) {
    if (!known.has(name))
      problems.push(`pipelines.${name}: no such pipeline (the registry has ${[...known].join(', ')})`);
  }
  const pipelines: DeployedPipeline[] = [];
  for (const entry of registry) {
    const override = v.pipelines[entry.name];
    if (override?.enabled === false) continue;
    const checked = checkRuntimeSettings(`pipelines.${entry.name}.settings`, override?.settings ?? {}, {
      secretsFor: entry,
    });
    problems.push(...checked.problems);
    const schedule = entry.schedule === undefined ? undefined : { ...entry.schedule, ...override?.schedule };
    if (entry.schedule === undefined && override?.schedule !== undefined)
      problems.push(`pipelines.${entry.name}.schedule: the pipeline runs on demand only`);
    pipelines.push({ entry, schedule, settings: checked.settings });
  }
  let streaming: DeployConfig['streaming'];
  if (v.streaming.enabled) {
    const checked = checkRuntimeSettings('streaming.settings', v.streaming.settings, { secretsFor: 'streamer' });
    problems.push(...checked.problems);
    streaming = { kafka: v.streaming.kafka, partitions: v.streaming.partitions, settings: checked.settings };
  }
  if (problems.length > 0) throw new DeployConfigError(problems);
  return deepFreeze({
    projectId: v.project,
    region: v.region,
    stateBucket: v.stateBucket,
    lake: {
      bucket: v.lake.bucket ?? `${v.project}-market-data-lake`,
      rawNearlineAfterDays: v.lake.rawNearlineAfterDays,
    },
    warehouse: v.warehouse,
    functions: v.functions,
    scheduler: v.scheduler,
    dashboard: { invokers: v.dashboard.invokers },
    deletionProtection: v.deletionProtection,
    pipelines,
    streaming,
  });
}

/** Every problem of a deploy config, one per line, each naming the key to fix. */
export class DeployConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid deploy config (${problems.length === 1 ? '1 problem' : `${problems.length} problems`}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'DeployConfigError';
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
