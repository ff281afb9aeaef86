/**
 * APIs before everything: on a fresh project compute, run, managedkafka, secretmanager,
 * artifactregistry and cloudscheduler are off, and a create sent before its API is on fails with
 * 403 SERVICE_DISABLED. Enabling also provisions service agents (Cloud Functions, Cloud Build,
 * Managed Kafka, Cloud Run) asynchronously, after the enable call returns, so a pause follows the
 * enablement. Every other resource of the stack depends on the pause (`gateStack`), and the other
 * stacks are applied after this one (main.ts's stack dependencies, cdktf/deploy's order).
 */
import { Construct } from 'constructs';
import { TerraformProvider, TerraformResource, TerraformStack, dependable, type TerraformResourceConfig } from 'cdktf';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';

/**
 * The API each resource type needs, for every type the deployment declares. A type missing here
 * fails synth (`gateStack`), so a new kind of resource cannot forget its API. Project IAM and
 * service usage need cloudresourcemanager and serviceusage, which Terraform itself needs first
 * (the preflight checks both: cdktf/deploy/preflight.ts).
 */
export const API_OF_RESOURCE: Readonly<Record<string, readonly string[]>> = Object.freeze({
  google_project_service: [],
  time_sleep: [],
  google_project_iam_member: [],
  google_service_account: ['iam.googleapis.com'],
  google_service_account_iam_member: ['iam.googleapis.com'],
  google_storage_bucket: ['storage.googleapis.com'],
  google_storage_bucket_iam_member: ['storage.googleapis.com'],
  google_storage_bucket_object: ['storage.googleapis.com'],
  google_bigquery_dataset: ['bigquery.googleapis.com'],
  google_bigquery_dataset_iam_member: ['bigquery.googleapis.com'],
  google_bigquery_table: ['bigquery.googleapis.com'],
  google_pubsub_topic: ['pubsub.googleapis.com'],
  google_pubsub_topic_iam_member: ['pubsub.googleapis.com'],
  google_artifact_registry_repository: ['artifactregistry.googleapis.com'],
  google_artifact_registry_repository_iam_member: ['artifactregistry.googleapis.com'],
  google_compute_network: ['compute.googleapis.com'],
  google_compute_subnetwork: ['compute.googleapis.com'],
  google_managed_kafka_cluster: ['managedkafka.googleapis.com'],
  google_managed_kafka_topic: ['managedkafka.googleapis.com'],
  google_cloud_run_v2_worker_pool: ['run.googleapis.com'],
  google_cloud_run_v2_service_iam_member: ['run.googleapis.com'],
  google_cloudfunctions2_function: [
    'cloudfunctions.googleapis.com',
    'run.googleapis.com',
    'cloudbuild.googleapis.com',
    'artifactregistry.googleapis.com',
  ],
  google_cloud_scheduler_job: ['cloudscheduler.googleapis.com'],
  google_secret_manager_secret_iam_member: ['secretmanager.googleapis.com'],
});

/** APIs used at run time or by the deploy without a resource of their own. */
const RUN_TIME_APIS = ['logging.googleapis.com', 'cloudbuild.googleapis.com', 'secretmanager.googleapis.com'];

/** Every API the deployment enables, derived from API_OF_RESOURCE. */
export const REQUIRED_APIS: readonly string[] = Object.freeze(
  [...new Set([...Object.values(API_OF_RESOURCE).flat(), ...RUN_TIME_APIS])].sort(),
);

/** How long to wait after enabling for the service agents to exist (Google provisions them after the enable call). */
export const API_SETTLE_SECONDS = 90;

/** hashicorp/time, for `time_sleep` (no prebuilt cdktf bindings are pinned, and one resource needs none). */
class TimeProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'time',
      terraformProviderSource: 'hashicorp/time',
      terraformGeneratorMetadata: { providerName: 'time', providerVersionConstraint: '~> 0.12' },
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** `time_sleep`: waits `createDuration` after its dependencies on create. */
class TimeSleep extends TerraformResource {
  constructor(
    scope: Construct,
    id: string,
    private readonly createDuration: string,
    config: Omit<TerraformResourceConfig, 'terraformResourceType'>,
  ) {
    super(scope, id, {
      ...config,
      terraformResourceType: 'time_sleep',
      terraformGeneratorMetadata: { providerName: 'time' },
    });
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { create_duration: this.createDuration };
  }
}

/** The enabled APIs and the pause after them. */
export class ApiGate extends Construct {
  readonly services: readonly ProjectService[];
  /** Depend on this: every API is on and its service agents had time to appear. */
  readonly ready: TerraformResource;

  constructor(scope: Construct, id: string, apis: readonly string[] = REQUIRED_APIS) {
    super(scope, id);
    this.services = apis.map(
      (api) =>
        new ProjectService(this, `api-${api.split('.')[0]}`, {
          service: api,
          disableOnDestroy: false,
          disableDependentServices: false,
        }),
    );
    const time = new TimeProvider(this, 'time');
    this.ready = new TimeSleep(this, 'settle', `${API_SETTLE_SECONDS}s`, {
      provider: time,
      dependsOn: [...this.services],
    });
  }
}

/**
 * Makes every resource of `stack` outside `gate` depend on `gate.ready`. Call it last, after the
 * stack declared everything. Throws naming each resource type API_OF_RESOURCE does not know.
 */
export function gateStack(stack: TerraformStack, gate: ApiGate): void {
  const resources = assertKnownApis(stack);
  const own = new Set(gate.node.findAll());
  for (const resource of resources) {
    if (!own.has(resource)) resource.dependsOn = [...(resource.dependsOn ?? []), dependable(gate.ready)];
  }
}

/**
 * The resources of `stack`; throws naming each resource type API_OF_RESOURCE does not know (also
 * for the stacks applied after the gate's, which reach their APIs through that order).
 */
export function assertKnownApis(stack: TerraformStack): TerraformResource[] {
  const resources = stack.node.findAll().filter((node): node is TerraformResource => node instanceof TerraformResource);
  const unknown = new Set(
    resources.map((r) => r.terraformResourceType).filter((type) => !Object.hasOwn(API_OF_RESOURCE, type)),
  );
  if (unknown.size > 0)
    throw new Error(`No API is known for resource type(s) ${[...unknown].join(', ')}: add them to API_OF_RESOURCE`);
  return resources;
}
