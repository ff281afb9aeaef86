import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { PIPELINES } from '../../shared/pipelines/registry';
import type { DeployConfig } from '../config';
import { DASHBOARD_FUNCTION, DashboardFunction } from '../constructs/dashboard-function';
import { PrivateBucket } from '../constructs/lake-bucket';
import { OBJECT_READER_ROLE } from '../constructs/roles';
import { ScheduledFunction, resourceSlug, type DeployablePipeline } from '../constructs/scheduled-function';
import type { FunctionSourceBuilder } from '../function-source';
import { secretsForPipeline } from '../secret-names';
import { configureStack, runtimeEnvironment } from './common';

/** Inputs of the pipelines stack. */
export interface PipelinesStackProps {
  readonly config: DeployConfig;
  /** The pipeline registry; defaults to the real one, so a new entry deploys without touching cdktf/. */
  readonly pipelines?: readonly DeployablePipeline[];
  /** Produces each function's deployable source directory (main.ts passes the esbuild bundler). */
  readonly sourceFor: FunctionSourceBuilder;
}

/** The plain (non-secret) environment every pipeline function gets. Pure. */
export function functionEnvironment(config: DeployConfig): Record<string, string> {
  return { ...runtimeEnvironment(config), NODE_OPTIONS: '--enable-source-maps' };
}

/**
 * One Cloud Function per registry entry and one Cloud Scheduler job per scheduled entry, plus the
 * accounts they share: `fn-builder` (Cloud Build: writes logs and images, reads source archives)
 * and `scheduler-invoker` (the OIDC identity of every job, run.invoker on scheduled functions
 * only). Names of the lake bucket, dataset and secrets come from config, so this stack reads
 * nothing from PlatformStack but its deploy order (main.ts adds the dependency). The dashboard
 * function shares the source bucket and build account, with its own read-only identity.
 * Throws on duplicate pipeline names (they would collide as function and job names).
 */
export class PipelinesStack extends TerraformStack {
  readonly functions: ReadonlyMap<string, ScheduledFunction>;
  /** The monitoring dashboard (read-only, not scheduled, invokable by `config.dashboard.invokers`). */
  readonly dashboard: DashboardFunction;

  constructor(scope: Construct, id: string, props: PipelinesStackProps) {
    super(scope, id);
    const { config } = props;
    const pipelines = props.pipelines ?? PIPELINES;
    const slugs = pipelines.map((p) => resourceSlug(p.name));
    const dupes = slugs.filter((slug, i) => slugs.indexOf(slug) !== i);
    if (dupes.length > 0) throw new Error(`Duplicate pipeline name(s): ${dupes.join(', ')}`);
    if (slugs.includes(DASHBOARD_FUNCTION.name)) throw new Error(`Pipeline name '${DASHBOARD_FUNCTION.name}' is taken by the dashboard function`);
    configureStack(this, id, config);

    const sourceBucket = new PrivateBucket(this, 'function-source', {
      name: `${config.projectId}-market-data-fn-source`,
      location: config.region,
      versioning: false,
      noncurrentRetentionDays: 7,
    }).bucket;
    const builder = new ServiceAccount(this, 'builder', { accountId: 'fn-builder', displayName: 'Builds pipeline functions' });
    const builderMember = `serviceAccount:${builder.email}`;
    for (const role of ['roles/logging.logWriter', 'roles/artifactregistry.writer']) {
      new ProjectIamMember(this, `builder-${role.split('/')[1]}`, { project: config.projectId, role, member: builderMember });
    }
    new StorageBucketIamMember(this, 'builder-source-reader', { bucket: sourceBucket.name, role: OBJECT_READER_ROLE, member: builderMember });
    const invoker = new ServiceAccount(this, 'invoker', { accountId: 'scheduler-invoker', displayName: 'Cloud Scheduler OIDC identity' });

    const environment = functionEnvironment(config);
    this.functions = new Map(pipelines.map((entry) => [
      entry.name,
      new ScheduledFunction(this, `pipeline-${resourceSlug(entry.name)}`, {
        entry,
        projectId: config.projectId,
        region: config.region,
        sourceDir: props.sourceFor(entry),
        sourceBucket: sourceBucket.name,
        buildServiceAccount: builder.id,
        environment,
        secrets: secretsForPipeline(entry),
        maxInstances: config.functions.maxInstances,
        lakeBucket: config.lake.bucket,
        datasetId: config.warehouse.dataset,
        invokerEmail: invoker.email,
        retryCount: config.scheduler.retryCount,
      }),
    ]));
    for (const [name, fn] of this.functions) new TerraformOutput(this, `url_${resourceSlug(name).replace(/-/g, '_')}`, { value: fn.fn.url });

    this.dashboard = new DashboardFunction(this, 'dashboard', {
      projectId: config.projectId,
      region: config.region,
      sourceDir: props.sourceFor(DASHBOARD_FUNCTION),
      sourceBucket: sourceBucket.name,
      buildServiceAccount: builder.id,
      environment,
      datasetId: config.warehouse.dataset,
      maxInstances: config.functions.maxInstances,
      invokers: config.dashboard.invokers,
    });
    new TerraformOutput(this, 'dashboard_url', {
      value: this.dashboard.fn.url,
      description: 'Dashboard URL; call it with an identity token of a DASHBOARD_INVOKERS member',
    });
  }
}
