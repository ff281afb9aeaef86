/**
 * Least privilege and secret hygiene over ALL stacks: no primitive role in any IAM resource, no
 * secret as a plain environment variable of any function or worker pool. Each scan is shown to
 * fire on a plant.
 */
import { Testing, TerraformStack } from 'cdktf';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { PRIMITIVE_ROLES } from '../constructs/roles';
import { ScheduledFunction } from '../constructs/scheduled-function';
import { StreamWorkerPool } from '../constructs/worker-pool';
import { ALL_SECRETS } from '../secret-names';
import {
  allResources,
  stubSourceBuilder,
  synthPipelines,
  synthPlatform,
  synthStreaming,
  testConfig,
  type SynthJson,
} from './helpers';

/** Every role granted by any IAM resource (member, binding, policy) in `json`. */
function grantedRoles(json: SynthJson): string[] {
  return allResources(json)
    .filter(([type]) => /_iam_(member|binding|policy)$/.test(type))
    .map(([, , args]) => String(args.role));
}

/** Plain env variable names of every function and Cloud Run container in `json`. */
function plainEnvNames(json: SynthJson): string[] {
  return allResources(json).flatMap(([type, , args]) => {
    if (type === 'google_cloudfunctions2_function') {
      return [
        ...Object.keys(args.service_config?.environment_variables ?? {}),
        ...Object.keys(args.build_config?.environment_variables ?? {}),
      ];
    }
    if (type === 'google_cloud_run_v2_worker_pool' || type === 'google_cloud_run_v2_service') {
      return (args.template.containers as { env?: { name: string; value?: string }[] }[]).flatMap((c) =>
        (c.env ?? []).filter((e) => e.value !== undefined).map((e) => e.name),
      );
    }
    return [];
  });
}

describe('IAM and secrets across the whole deployment', () => {
  const external = testConfig({
    streaming: { kafka: { mode: 'external', brokers: ['k.example.com:9093'], saslMechanism: 'plain', username: 'u' } },
    pipelines: { prices: { settings: { PRICES_PROVIDER: 'polygon' } } },
  });
  const stacks = [
    synthPlatform().json,
    synthPipelines().json,
    synthStreaming().json,
    synthPipelines(external).json,
    synthStreaming(external).json,
  ];

  it('grants roles, and none of them primitive', () => {
    const roles = stacks.flatMap(grantedRoles);
    expect(roles.length).toBeGreaterThan(10);
    expect(roles.filter((role) => PRIMITIVE_ROLES.includes(role))).toEqual([]);
    expect(roles.every((role) => role.startsWith('roles/'))).toBe(true);
  });

  it('the role scan catches a planted primitive role', () => {
    const planted = JSON.parse(
      Testing.synthScope((scope) => {
        new ProjectIamMember(scope, 'oops', { project: 'p', role: 'roles/editor', member: 'user:a@b.c' });
      }),
    ) as SynthJson;
    expect(grantedRoles(planted).filter((role) => PRIMITIVE_ROLES.includes(role))).toEqual(['roles/editor']);
  });

  it('no secret is a plain env variable anywhere, while every secret does reach its readers', () => {
    const plain = stacks.flatMap(plainEnvNames);
    expect(plain).toContain('LAKE_BUCKET');
    expect(plain).toContain('STREAMER_ROLE');
    expect(plain.filter((name) => ALL_SECRETS.includes(name))).toEqual([]);
    const text = JSON.stringify(stacks);
    for (const name of ALL_SECRETS) expect(text).toContain(`"${name}"`);
  });

  it('the constructs refuse a secret passed as a plain variable', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const config = testConfig();
    const prices = config.pipelines[0]!;
    const secret = { env: 'POLYGON_API_KEY', secretId: 'polygon-api-key', version: '1' };
    expect(
      () =>
        new ScheduledFunction(stack, 'f', {
          entry: prices.entry,
          schedule: prices.schedule,
          projectId: 'p',
          region: 'us-central1',
          sourceDir: stubSourceBuilder()(prices.entry),
          sourceBucket: 'b',
          buildServiceAccount: 'sa',
          environment: { POLYGON_API_KEY: 'x' },
          secrets: [secret],
          maxInstances: 1,
          lakeBucket: 'l',
          datasetId: 'd',
          invokerEmail: 'i@p.iam.gserviceaccount.com',
          retryCount: 1,
        }),
    ).toThrow("Secret variable(s) POLYGON_API_KEY passed as plain env to 'prices'");
    const serviceAccount = new ServiceAccount(stack, 'sa', { accountId: 'run-x' });
    expect(
      () =>
        new StreamWorkerPool(stack, 'pool', {
          name: 'streamer',
          region: 'us-central1',
          image: 'r-docker.pkg.dev/p/market-data/streamer:abc',
          serviceAccount,
          environment: { APCA_API_KEY_ID: 'x' },
          secrets: [{ env: 'APCA_API_KEY_ID', secretId: 'apca-api-key-id', version: '1' }],
          vpc: undefined,
          cpu: '1',
          memory: '1Gi',
          deletionProtection: false,
        }),
    ).toThrow("Secret variable(s) APCA_API_KEY_ID passed as plain env to 'streamer'");
  });
});
