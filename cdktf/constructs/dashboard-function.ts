import { createHash } from 'node:crypto';
import { Construct } from 'constructs';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { CloudRunV2ServiceIamMember } from '@cdktf/provider-google/lib/cloud-run-v2-service-iam-member';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { declareFunctionBuild, type FunctionBuildProps } from './function-build';
import { BIGQUERY_JOBS_ROLE, WAREHOUSE_READER_ROLE } from './roles';

/** What the bundler and the function need to know about the dashboard: the name `sourceFor` bundles under, its folder and entry point. */
export const DASHBOARD_FUNCTION = {
  name: 'dashboard',
  /** The name passed to `functions.http(...)` in functions/dashboard/index.ts. */
  function: { folder: 'functions/dashboard', entryPoint: 'dashboard' },
} as const;

/** The only roles the dashboard's account holds: read table data in the dataset, run query jobs in the project. */
export const DASHBOARD_ROLES = { dataset: WAREHOUSE_READER_ROLE, project: BIGQUERY_JOBS_ROLE } as const;

/** Members that would make the function public; refused even if config parsing let one through. */
const PUBLIC_MEMBERS: readonly string[] = ['allUsers', 'allAuthenticatedUsers'];

/** Settings of the dashboard function. */
export interface DashboardFunctionProps extends FunctionBuildProps {
  readonly projectId: string;
  readonly region: string;
  /** Plain environment; must select the BigQuery warehouse (`WAREHOUSE_BACKEND=bigquery`). */
  readonly environment: Readonly<Record<string, string>>;
  readonly datasetId: string;
  readonly maxInstances: number;
  /** IAM members granted `roles/run.invoker` (e.g. `group:analysts@example.com`); may be empty. */
  readonly invokers: readonly string[];
}

/**
 * The monitoring dashboard deployed: a Cloud Functions gen2 HTTP function built from
 * functions/dashboard, running as its own account that can only read the dataset and run query
 * jobs (no lake, no secrets, no write), invocable only by the configured members (no public
 * invoker, no Scheduler job: people call it). Throws when the environment does not select
 * BigQuery or when an invoker is public.
 */
export class DashboardFunction extends Construct {
  readonly fn: Cloudfunctions2Function;
  readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: DashboardFunctionProps) {
    super(scope, id);
    if (props.environment.WAREHOUSE_BACKEND !== 'bigquery')
      throw new Error('The deployed dashboard must read BigQuery (WAREHOUSE_BACKEND=bigquery)');
    const publicMembers = props.invokers.filter((m) => PUBLIC_MEMBERS.includes(m));
    if (publicMembers.length > 0)
      throw new Error(`The dashboard is never public: refusing invoker(s) ${publicMembers.join(', ')}`);
    const { name } = DASHBOARD_FUNCTION;

    this.serviceAccount = new ServiceAccount(this, 'sa', {
      accountId: `fn-${name}`,
      displayName: 'Dashboard function (read-only)',
    });
    const member = `serviceAccount:${this.serviceAccount.email}`;
    new BigqueryDatasetIamMember(this, 'dataset-viewer', {
      datasetId: props.datasetId,
      role: DASHBOARD_ROLES.dataset,
      member,
    });
    new ProjectIamMember(this, 'bq-job-user', { project: props.projectId, role: DASHBOARD_ROLES.project, member });

    this.fn = new Cloudfunctions2Function(this, 'function', {
      name,
      location: props.region,
      description: 'Monitoring dashboard: page + read-only JSON API over the warehouse',
      labels: { app: 'market-data', component: name },
      buildConfig: declareFunctionBuild(this, props, name, DASHBOARD_FUNCTION.function.entryPoint),
      serviceConfig: {
        availableMemory: '512M',
        // A page load fires several API calls at once; one vCPU lets one instance serve them together.
        availableCpu: '1',
        maxInstanceRequestConcurrency: 8,
        timeoutSeconds: 60,
        maxInstanceCount: props.maxInstances,
        minInstanceCount: 0,
        // Reachable from the internet, but every request needs an identity token of an invoker.
        ingressSettings: 'ALLOW_ALL',
        allTrafficOnLatestRevision: true,
        serviceAccountEmail: this.serviceAccount.email,
        environmentVariables: { ...props.environment },
      },
    });

    // Logical ids derive from the member (not its position), so reordering the list does not churn the grants.
    for (const invoker of new Set(props.invokers)) {
      const digest = createHash('sha256').update(invoker).digest('hex').slice(0, 8);
      new CloudRunV2ServiceIamMember(this, `invoker-${digest}`, {
        project: props.projectId,
        location: props.region,
        // A gen2 function is served by the Cloud Run service of the same name.
        name: this.fn.name,
        role: 'roles/run.invoker',
        member: invoker,
      });
    }
  }
}
