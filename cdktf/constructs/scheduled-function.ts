import { Construct } from 'constructs';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { SCHEDULED_RUN_BODY, type PipelineEntry } from '../../shared/pipelines/registry';
import type { MountedSecret } from '../secret-names';
import { BIGQUERY_JOBS_ROLE, LAKE_WRITER_ROLE, WAREHOUSE_WRITER_ROLE } from './roles';
import { declareFunctionBuild, type FunctionBuildProps } from './function-build';
import { grantMountedSecrets, refusePlainSecrets } from './secret';

/** Cloud Scheduler's ceiling for an HTTP attempt deadline (https://cloud.google.com/scheduler/docs/reference/rest/v1/projects.locations.jobs). */
export const MAX_ATTEMPT_DEADLINE_S = 1800;

/** The JSON body a scheduled run POSTs: the registry's, shared with the local scheduler. */
export const SCHEDULED_RUN_REQUEST = SCHEDULED_RUN_BODY;

/** The registry entry as this construct reads it; `maxInstances` is an optional extra. */
export type DeployablePipeline = PipelineEntry & {
  readonly function: PipelineEntry['function'] & { readonly maxInstances?: number };
};

/** Settings of one pipeline's function (and its job when the entry has a schedule). */
export interface ScheduledFunctionProps extends FunctionBuildProps {
  readonly entry: DeployablePipeline;
  /** The entry's schedule with the deploy config's overrides; undefined: on demand only. */
  readonly schedule: PipelineEntry['schedule'];
  readonly projectId: string;
  readonly region: string;
  /** Plain, non-secret environment variables. */
  readonly environment: Readonly<Record<string, string>>;
  /** Secrets, each pinned to the version the deploy resolved. */
  readonly secrets: readonly MountedSecret[];
  readonly maxInstances: number;
  readonly lakeBucket: string;
  readonly datasetId: string;
  /** Email of the account Scheduler mints OIDC tokens for; the only one allowed to invoke. */
  readonly invokerEmail: string;
  readonly retryCount: number;
}

/** A name usable as a function, service, job and (prefixed) service-account id. */
export function resourceSlug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * One registry entry deployed: a Cloud Functions gen2 HTTP function built from `sourceDir`, its
 * own service account with only the grants a pipeline needs (lake objects, dataset data, BigQuery
 * jobs, its own secrets), and, for a scheduled entry, a Cloud Scheduler job that POSTs the run
 * request with an OIDC token whose audience is the function URL. Secret values never appear:
 * the function reads them from Secret Manager at start (`secret_environment_variables`, each
 * pinned to a version that exists).
 * Throws when a secret name is also passed as a plain variable.
 */
export class ScheduledFunction extends Construct {
  readonly fn: Cloudfunctions2Function;
  readonly serviceAccount: ServiceAccount;
  readonly job: CloudSchedulerJob | undefined;

  constructor(scope: Construct, id: string, props: ScheduledFunctionProps) {
    super(scope, id);
    const { entry } = props;
    refusePlainSecrets(entry.name, props.environment, props.secrets);
    const slug = resourceSlug(entry.name);
    const member = (sa: ServiceAccount) => `serviceAccount:${sa.email}`;

    this.serviceAccount = new ServiceAccount(this, 'sa', {
      accountId: `fn-${slug}`.slice(0, 30).padEnd(6, '0'),
      displayName: `Pipeline function ${entry.name}`,
    });
    new StorageBucketIamMember(this, 'lake-writer', {
      bucket: props.lakeBucket,
      role: LAKE_WRITER_ROLE,
      member: member(this.serviceAccount),
    });
    new BigqueryDatasetIamMember(this, 'dataset-editor', {
      datasetId: props.datasetId,
      role: WAREHOUSE_WRITER_ROLE,
      member: member(this.serviceAccount),
    });
    new ProjectIamMember(this, 'bq-job-user', {
      project: props.projectId,
      role: BIGQUERY_JOBS_ROLE,
      member: member(this.serviceAccount),
    });
    const secretGrants = grantMountedSecrets(this, props.secrets, this.serviceAccount.email);

    this.fn = new Cloudfunctions2Function(this, 'function', {
      name: slug,
      location: props.region,
      description: entry.description.slice(0, 512),
      labels: { app: 'market-data', pipeline: slug },
      buildConfig: declareFunctionBuild(this, props, slug, entry.function.entryPoint),
      serviceConfig: {
        availableMemory: `${entry.function.memoryMb}M`,
        timeoutSeconds: entry.function.timeoutS,
        maxInstanceCount: entry.function.maxInstances ?? props.maxInstances,
        minInstanceCount: 0,
        // One run per instance: a pipeline run holds cursors and rate limits for its whole span.
        maxInstanceRequestConcurrency: 1,
        ingressSettings: 'ALLOW_ALL',
        allTrafficOnLatestRevision: true,
        serviceAccountEmail: this.serviceAccount.email,
        environmentVariables: { ...props.environment },
        secretEnvironmentVariables: props.secrets.map((secret) => ({
          key: secret.env,
          projectId: props.projectId,
          secret: secret.secretId,
          version: secret.version,
        })),
      },
      dependsOn: secretGrants,
    });

    this.job = props.schedule === undefined ? undefined : this.declareJob(props, props.schedule, slug);
  }

  private declareJob(
    props: ScheduledFunctionProps,
    schedule: NonNullable<PipelineEntry['schedule']>,
    slug: string,
  ): CloudSchedulerJob {
    const { entry } = props;
    const invoker = new CloudRunV2ServiceIamMember(this, 'invoker', {
      project: props.projectId,
      location: props.region,
      // A gen2 function is served by the Cloud Run service of the same name; invoking it needs run.invoker there.
      name: this.fn.name,
      role: 'roles/run.invoker',
      member: `serviceAccount:${props.invokerEmail}`,
    });
    return new CloudSchedulerJob(this, 'job', {
      name: slug,
      region: props.region,
      description: `Runs pipeline ${entry.name} on ${schedule.cron} (${schedule.timeZone})`,
      schedule: schedule.cron,
      timeZone: schedule.timeZone,
      attemptDeadline: `${Math.min(entry.function.timeoutS, MAX_ATTEMPT_DEADLINE_S)}s`,
      retryConfig: {
        retryCount: props.retryCount,
        minBackoffDuration: '60s',
        maxBackoffDuration: '900s',
        maxDoublings: 3,
      },
      httpTarget: {
        httpMethod: 'POST',
        uri: this.fn.url,
        headers: { 'Content-Type': 'application/json' },
        body: Buffer.from(JSON.stringify(SCHEDULED_RUN_REQUEST)).toString('base64'),
        oidcToken: { serviceAccountEmail: props.invokerEmail, audience: this.fn.url },
      },
      dependsOn: [invoker],
    });
  }
}
