import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { runTimeBudgetS } from '../../shared/pipelines/registry';
import type { DeployConfig, DeployedPipeline } from '../config';
import { assertKnownApis } from '../constructs/api-gate';
import { DASHBOARD_FUNCTION, DashboardFunction } from '../constructs/dashboard-function';
import { PrivateBucket } from '../constructs/lake-bucket';
import { ScheduledFunction, resourceSlug } from '../constructs/scheduled-function';
import type { FunctionSourceBuilder } from '../function-source';
import { mountSecrets, type MountedSecret, type SecretVersions } from '../secret-names';
import { BUILDER_ACCOUNT_ID, accountEmail, configureStack, runtimeEnvironment } from './common';

/** Inputs of the pipelines stack. */
export interface PipelinesStackProps {
  readonly config: DeployConfig;
  /** Produces each function's deployable source directory (main.ts passes the esbuild bundler). */
  readonly sourceFor: FunctionSourceBuilder;
  /** Each secret's pinned version, as the deploy resolved it from Secret Manager. */
  readonly secretVersions: SecretVersions;
}

/**
 * The plain (non-secret) environment a pipeline function gets: the shared one, its own settings,
 * and its run time budget (below its timeout, so a run stops starting slices before the platform
 * kills it). Pure.
 */
export function functionEnvironment(config: DeployConfig, pipeline?: DeployedPipeline): Record<string, string> {
  return {
    ...runtimeEnvironment(config),
    ...pipeline?.settings.env,
    ...(pipeline === undefined ? {} : { RUN_TIME_BUDGET_S: String(runTimeBudgetS(pipeline.entry)) }),
    NODE_OPTIONS: '--enable-source-maps',
  };
}

/**
 * The secrets each enabled pipeline mounts (its provider's required keys, and the optional ones
 * that have a version), or, when a required secret has no version, every such secret by
 * pipeline. Pure: the preflight runs it too, before anything is applied.
 */
export function pipelineSecrets(
  config: DeployConfig,
  versions: SecretVersions,
): { mounted: Map<string, MountedSecret[]>; missing: { pipeline: string; env: string }[] } {
  const mounted = new Map<string, MountedSecret[]>();
  const missing: { pipeline: string; env: string }[] = [];
  for (const pipeline of config.pipelines) {
    const result = mountSecrets(pipeline.settings.secrets, versions);
    mounted.set(pipeline.entry.name, result.mounted);
    missing.push(...result.missing.map((env) => ({ pipeline: pipeline.entry.name, env })));
  }
  return { mounted, missing };
}

/**
 * One Cloud Function per enabled pipeline and one Cloud Scheduler job per scheduled one, plus the
 * bucket their sources are staged in and `scheduler-invoker` (the OIDC identity of every job,
 * run.invoker on scheduled functions only). Builds run as the platform stack's build account.
 * Names of the lake bucket and dataset come from config, so this stack reads nothing from the
 * platform stack but its deploy order (main.ts adds the dependency). The dashboard function
 * shares the source bucket and build account, with its own read-only identity.
 * Throws on duplicate pipeline names and on a required secret without a version.
 */
export class PipelinesStack extends TerraformStack {
  readonly functions: ReadonlyMap<string, ScheduledFunction>;
  /** The monitoring dashboard (read-only, not scheduled, invokable by `config.dashboard.invokers`). */
  readonly dashboard: DashboardFunction;

  constructor(scope: Construct, id: string, props: PipelinesStackProps) {
    super(scope, id);
    const { config } = props;
    const slugs = config.pipelines.map((p) => resourceSlug(p.entry.name));
    const dupes = slugs.filter((slug, i) => slugs.indexOf(slug) !== i);
    if (dupes.length > 0) throw new Error(`Duplicate pipeline name(s): ${dupes.join(', ')}`);
    if (slugs.includes(DASHBOARD_FUNCTION.name))
      throw new Error(`Pipeline name '${DASHBOARD_FUNCTION.name}' is taken by the dashboard function`);
    const secrets = pipelineSecrets(config, props.secretVersions);
    if (secrets.missing.length > 0) {
      throw new Error(
        `Secret(s) with no version: ${secrets.missing.map((m) => `${m.env} (pipeline ${m.pipeline})`).join(', ')}`,
      );
    }
    configureStack(this, id, config);

    const sourceBucket = new PrivateBucket(this, 'function-source', {
      name: `${config.projectId}-market-data-fn-source`,
      location: config.region,
      versioning: false,
      noncurrentRetentionDays: 7,
    }).bucket;
    const builder = `projects/${config.projectId}/serviceAccounts/${accountEmail(BUILDER_ACCOUNT_ID, config.projectId)}`;
    const invoker = new ServiceAccount(this, 'invoker', {
      accountId: 'scheduler-invoker',
      displayName: 'Cloud Scheduler OIDC identity',
    });

    this.functions = new Map(
      config.pipelines.map((pipeline) => [
        pipeline.entry.name,
        new ScheduledFunction(this, `pipeline-${resourceSlug(pipeline.entry.name)}`, {
          entry: pipeline.entry,
          schedule: pipeline.schedule,
          projectId: config.projectId,
          region: config.region,
          sourceDir: props.sourceFor(pipeline.entry),
          sourceBucket: sourceBucket.name,
          buildServiceAccount: builder,
          environment: functionEnvironment(config, pipeline),
          secrets: secrets.mounted.get(pipeline.entry.name) ?? [],
          maxInstances: config.functions.maxInstances,
          lakeBucket: config.lake.bucket,
          datasetId: config.warehouse.dataset,
          invokerEmail: invoker.email,
          retryCount: config.scheduler.retryCount,
        }),
      ]),
    );
    for (const [name, fn] of this.functions)
      new TerraformOutput(this, `url_${resourceSlug(name).replace(/-/g, '_')}`, { value: fn.fn.url });

    this.dashboard = new DashboardFunction(this, 'dashboard', {
      projectId: config.projectId,
      region: config.region,
      sourceDir: props.sourceFor(DASHBOARD_FUNCTION),
      sourceBucket: sourceBucket.name,
      buildServiceAccount: builder,
      environment: functionEnvironment(config),
      datasetId: config.warehouse.dataset,
      maxInstances: config.functions.maxInstances,
      invokers: config.dashboard.invokers,
    });
    new TerraformOutput(this, 'dashboard_url', {
      value: this.dashboard.fn.url,
      description: 'Dashboard URL; call it with an identity token of a dashboard.invokers member',
    });
    assertKnownApis(this);
  }
}
