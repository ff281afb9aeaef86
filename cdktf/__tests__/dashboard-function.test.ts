/**
 * The dashboard deploys as a gen2 HTTP function built from functions/dashboard, reading BigQuery,
 * as its own account holding exactly read-only BigQuery roles (no lake, no secrets, no write, no
 * primitive role), never public, invokable by the members the deploy config lists, with no
 * Scheduler job, and its URL as a stack output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { PIPELINES } from '../../shared/pipelines/registry';
import { DASHBOARD_FUNCTION, DASHBOARD_ROLES, DashboardFunction } from '../constructs/dashboard-function';
import { PRIMITIVE_ROLES } from '../constructs/roles';
import type { FunctionSourceBuilder } from '../function-source';
import { PipelinesStack } from '../stacks/pipelines';
import {
  ALL_VERSIONS,
  allResources,
  functionNamed,
  resourcesOf,
  stubSourceBuilder,
  synthPipelines,
  testConfig,
  type SynthJson,
} from './helpers';

Testing.setupJest();

const DASHBOARD_SA = /^\$\{google_service_account\.(dashboard[\w-]*)\.email\}$/;

/** The dashboard function, its account's logical name, and every IAM grant naming that account. */
function dashboardOf(json: SynthJson) {
  const fn = functionNamed(json, 'dashboard');
  const saRef = String(fn.args.service_config.service_account_email);
  const saId = DASHBOARD_SA.exec(saRef)?.[1];
  if (saId === undefined) throw new Error(`dashboard account is not its own: ${saRef}`);
  const member = `serviceAccount:${saRef}`;
  const grants = allResources(json)
    .filter(
      ([type, , args]) =>
        /_iam_(member|binding|policy)$/.test(type) && (args.member === member || (args.members ?? []).includes(member)),
    )
    .map(([type, , args]) => ({ type, role: String(args.role) }));
  return { fn, saId, grants };
}

/** Every run.invoker grant on the dashboard's Cloud Run service. */
function dashboardInvokers(json: SynthJson): string[] {
  const fn = functionNamed(json, 'dashboard');
  return resourcesOf(json, 'google_cloud_run_v2_service_iam_member')
    .filter(([, a]) => a.name === `\${google_cloudfunctions2_function.${fn.id}.name}`)
    .map(([, a]) => {
      expect(a.role).toBe('roles/run.invoker');
      return String(a.member);
    });
}

describe('the dashboard function in the pipelines stack', () => {
  const { text, json } = synthPipelines();

  it('is a gen2 nodejs22 function with the entry point functions/dashboard registers, reading BigQuery', () => {
    const source = readFileSync(join(__dirname, '..', '..', DASHBOARD_FUNCTION.function.folder, 'index.ts'), 'utf8');
    expect(source).toMatch(
      new RegExp(`(functions\\.http|registerHttpFunction)\\('${DASHBOARD_FUNCTION.function.entryPoint}',`),
    );
    expect(text).toHaveResourceWithProperties(Cloudfunctions2Function, {
      name: 'dashboard',
      build_config: expect.objectContaining({ runtime: 'nodejs22', entry_point: 'dashboard' }),
    });
    const env = functionNamed(json, 'dashboard').args.service_config.environment_variables;
    expect(env).toMatchObject({
      WAREHOUSE_BACKEND: 'bigquery',
      GOOGLE_CLOUD_PROJECT: 'market-data-test',
      BIGQUERY_DATASET: 'market_data',
      BIGQUERY_LOCATION: 'US',
      LOG_FORMAT: 'json',
    });
    expect(functionNamed(json, 'dashboard').args.service_config.secret_environment_variables).toBeUndefined();
  });

  it('is built like the pipelines: bundled by sourceFor into the shared source bucket, by the fn-builder account', () => {
    const seen: string[] = [];
    const stub = stubSourceBuilder();
    const sourceFor: FunctionSourceBuilder = (entry) => {
      seen.push(`${entry.name}:${entry.function.folder}`);
      return stub(entry);
    };
    const stack = new PipelinesStack(Testing.app(), 'pipelines', {
      config: testConfig(),
      secretVersions: ALL_VERSIONS,
      sourceFor,
    });
    const synthesized = JSON.parse(Testing.synth(stack)) as SynthJson;
    expect(seen).toContain('dashboard:functions/dashboard');
    const dash = functionNamed(synthesized, 'dashboard').args.build_config;
    const prices = functionNamed(synthesized, 'prices').args.build_config;
    expect(dash.service_account).toBe(prices.service_account);
    expect(dash.source.storage_source.bucket).toBe(prices.source.storage_source.bucket);
    expect(dash.source.storage_source.object).toMatch(/^\$\{google_storage_bucket_object\.dashboard[\w-]*\.name\}$/);
  });

  it('runs as its own account holding exactly dataViewer on the dataset and jobUser on the project', () => {
    const { saId, grants } = dashboardOf(json);
    expect(resourcesOf(json, 'google_service_account').find(([id]) => id === saId)?.[1].account_id).toBe(
      'fn-dashboard',
    );
    expect(grants.sort((a, b) => a.type.localeCompare(b.type))).toEqual([
      { type: 'google_bigquery_dataset_iam_member', role: DASHBOARD_ROLES.dataset },
      { type: 'google_project_iam_member', role: DASHBOARD_ROLES.project },
    ]);
    expect(DASHBOARD_ROLES).toEqual({ dataset: 'roles/bigquery.dataViewer', project: 'roles/bigquery.jobUser' });
    const datasetGrant = resourcesOf(json, 'google_bigquery_dataset_iam_member').find(([id]) =>
      id.startsWith('dashboard'),
    )![1];
    expect(datasetGrant.dataset_id).toBe('market_data');
    const roles = grants.map((g) => g.role);
    expect(roles.filter((r) => r.includes('dataEditor') || r.includes('dataOwner') || r.includes('admin'))).toEqual([]);
    expect(roles.filter((r) => r.startsWith('roles/storage.') || r.startsWith('roles/secretmanager.'))).toEqual([]);
    expect(roles.filter((r) => PRIMITIVE_ROLES.includes(r))).toEqual([]);
  });

  it("the grant scan sees a pipeline account's write roles (so an empty result above means something)", () => {
    const prices = functionNamed(json, 'prices');
    const member = `serviceAccount:${prices.args.service_config.service_account_email}`;
    const roles = allResources(json)
      .filter(([, , a]) => a.member === member)
      .map(([, , a]) => a.role);
    expect(roles).toEqual(expect.arrayContaining(['roles/bigquery.dataEditor', 'roles/storage.objectUser']));
  });

  it('is not public and, by default, grants run.invoker to no one', () => {
    const members = allResources(json)
      .flatMap(([, , a]) => [a.member, ...(a.members ?? [])])
      .filter((m) => m !== undefined);
    expect(members.filter((m) => m === 'allUsers' || m === 'allAuthenticatedUsers')).toEqual([]);
    expect(dashboardInvokers(json)).toEqual([]);
  });

  it('has no Scheduler job pointed at it', () => {
    const { fn } = dashboardOf(json);
    const jobs = resourcesOf(json, 'google_cloud_scheduler_job');
    expect(jobs.length).toBe(PIPELINES.filter((e) => e.schedule !== undefined).length);
    expect(jobs.filter(([, a]) => JSON.stringify(a).includes(`google_cloudfunctions2_function.${fn.id}.`))).toEqual([]);
  });

  it('outputs its URL', () => {
    const { fn } = dashboardOf(json);
    expect((json.output as Record<string, { value: string }>).dashboard_url?.value).toBe(
      `\${google_cloudfunctions2_function.${fn.id}.url}`,
    );
  });

  it('a pipeline named dashboard is refused (the function names would collide)', () => {
    const clash = { ...PIPELINES[0]!, name: 'dashboard' };
    expect(() => synthPipelines(testConfig({}, [clash]))).toThrow(
      "Pipeline name 'dashboard' is taken by the dashboard function",
    );
  });
});

describe('dashboard invokers from the deploy config', () => {
  it('each dashboard.invokers member gets run.invoker on the dashboard, and only there', () => {
    const { json } = synthPipelines(
      testConfig({ dashboard: { invokers: ['group:analysts@example.com', 'user:ceo@example.com'] } }),
    );
    expect(dashboardInvokers(json).sort()).toEqual(['group:analysts@example.com', 'user:ceo@example.com']);
    const elsewhere = resourcesOf(json, 'google_cloud_run_v2_service_iam_member').filter(
      ([, a]) => a.member.includes('example.com') && !a.name.includes('.dashboard'),
    );
    expect(elsewhere).toEqual([]);
  });

  it('reordering the members keeps the same grant ids (no churn on deploy)', () => {
    const ids = (members: string) =>
      resourcesOf(
        synthPipelines(testConfig({ dashboard: { invokers: members.split(',') } })).json,
        'google_cloud_run_v2_service_iam_member',
      )
        .filter(([id]) => id.startsWith('dashboard'))
        .map(([id, a]) => `${id}=${a.member}`)
        .sort();
    expect(ids('user:a@example.com,user:b@example.com')).toEqual(ids('user:b@example.com,user:a@example.com'));
  });

  it('the construct refuses a public invoker and a non-BigQuery environment even if handed one', () => {
    const base = {
      projectId: 'p',
      region: 'us-central1',
      sourceDir: stubSourceBuilder()(DASHBOARD_FUNCTION),
      sourceBucket: 'b',
      buildServiceAccount: 'sa',
      environment: { WAREHOUSE_BACKEND: 'bigquery' },
      datasetId: 'd',
      maxInstances: 1,
      invokers: [],
    };
    const stack = new TerraformStack(Testing.app(), 's');
    expect(() => new DashboardFunction(stack, 'a', { ...base, invokers: ['allUsers'] })).toThrow(
      'The dashboard is never public: refusing invoker(s) allUsers',
    );
    expect(() => new DashboardFunction(stack, 'b', { ...base, invokers: ['allAuthenticatedUsers'] })).toThrow(
      'allAuthenticatedUsers',
    );
    expect(() => new DashboardFunction(stack, 'c', { ...base, environment: { WAREHOUSE_BACKEND: 'duckdb' } })).toThrow(
      'WAREHOUSE_BACKEND=bigquery',
    );
  });
});
