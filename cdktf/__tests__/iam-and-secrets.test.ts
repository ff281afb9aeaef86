/**
 * Least privilege and secret hygiene over BOTH stacks: no primitive role in any IAM resource, no
 * provider secret as a plain environment variable of any function or service, secrets declared
 * without versions (values never in code or state). Each scan is shown to fire on a plant.
 */
import { Testing, TerraformStack } from 'cdktf';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { settingsByEnv } from '../../shared/config/schema';
import { PIPELINES } from '../../shared/pipelines/registry';
import { PRIMITIVE_ROLES } from '../constructs/roles';
import { ScheduledFunction, type DeployablePipeline } from '../constructs/scheduled-function';
import { StreamerService } from '../constructs/streamer-service';
import { PROVIDER_SECRETS, SECRETS_BY_SOURCE } from '../secret-names';
import { allResources, stubSourceBuilder, synthPipelines, synthPlatform, type SynthJson } from './helpers';

/** Every role granted by any IAM resource (member, binding, policy) in `json`. */
function grantedRoles(json: SynthJson): string[] {
  return allResources(json).filter(([type]) => /_iam_(member|binding|policy)$/.test(type)).map(([, , args]) => String(args.role));
}

/** Plain env variable names of every function and Cloud Run container in `json`. */
function plainEnvNames(json: SynthJson): string[] {
  return allResources(json).flatMap(([type, , args]) => {
    if (type === 'google_cloudfunctions2_function') {
      return [...Object.keys(args.service_config?.environment_variables ?? {}), ...Object.keys(args.build_config?.environment_variables ?? {})];
    }
    if (type === 'google_cloud_run_v2_service') {
      return (args.template.containers as { env?: { name: string; value?: string }[] }[]).flatMap((c) => (c.env ?? []).filter((e) => e.value !== undefined).map((e) => e.name));
    }
    return [];
  });
}

const keyed: DeployablePipeline[] = Object.keys(SECRETS_BY_SOURCE).map((source) => ({
  name: `p-${source}`,
  description: 'keyed',
  source,
  schedule: { cron: '0 * * * *', timeZone: 'Etc/UTC' },
  function: { entryPoint: source, folder: `functions/${source}`, memoryMb: 256, timeoutS: 60 },
  tables: [],
}));

describe('IAM and secrets across the whole deployment', () => {
  const stacks = [synthPlatform().json, synthPipelines([...PIPELINES, ...keyed]).json];

  it('grants roles, and none of them primitive', () => {
    const roles = stacks.flatMap(grantedRoles);
    expect(roles.length).toBeGreaterThan(10);
    expect(roles.filter((role) => PRIMITIVE_ROLES.includes(role))).toEqual([]);
    expect(roles.every((role) => role.startsWith('roles/'))).toBe(true);
  });

  it('the role scan catches a planted primitive role', () => {
    const planted = JSON.parse(Testing.synthScope((scope) => {
      new ProjectIamMember(scope, 'oops', { project: 'p', role: 'roles/editor', member: 'user:a@b.c' });
    })) as SynthJson;
    expect(grantedRoles(planted).filter((role) => PRIMITIVE_ROLES.includes(role))).toEqual(['roles/editor']);
  });

  it('no provider secret is a plain env variable anywhere, while secrets do reach their readers', () => {
    const plain = stacks.flatMap(plainEnvNames);
    expect(plain).toContain('LAKE_BUCKET');
    expect(plain.filter((name) => PROVIDER_SECRETS.includes(name))).toEqual([]);
    const text = JSON.stringify(stacks);
    for (const name of PROVIDER_SECRETS) expect(text).toContain(`"${name}"`);
  });

  it('declares one Secret Manager secret per provider key and never a version (no value in state)', () => {
    const [platform] = stacks;
    const secrets = allResources(platform!).filter(([type]) => type === 'google_secret_manager_secret').map(([, , a]) => a.secret_id);
    expect(secrets.sort()).toEqual(PROVIDER_SECRETS.map((n) => n.toLowerCase().replace(/_/g, '-')).sort());
    for (const json of stacks) expect(allResources(json).filter(([type]) => type.includes('secret_version'))).toEqual([]);
  });

  it('the constructs refuse a secret passed as a plain variable', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const entry = keyed.find((e) => e.source === 'polygon')!;
    expect(() => new ScheduledFunction(stack, 'f', {
      entry, projectId: 'p', region: 'us-central1', sourceDir: stubSourceBuilder()(entry), sourceBucket: 'b',
      buildServiceAccount: 'sa', environment: { POLYGON_API_KEY: 'x' }, secrets: ['POLYGON_API_KEY'], maxInstances: 1,
      lakeBucket: 'l', datasetId: 'd', invokerEmail: 'i@p.iam.gserviceaccount.com', retryCount: 1,
    })).toThrow("Secret variable(s) POLYGON_API_KEY passed as plain env to 'p-polygon'");
    expect(() => new StreamerService(stack, 'svc', {
      name: 'streamer', region: 'us-central1', image: 'img', role: 'producer', environment: { APCA_API_KEY_ID: 'x' },
      secrets: ['APCA_API_KEY_ID'], vpc: undefined, cpu: '1', memory: '512Mi', deletionProtection: false,
    })).toThrow("Secret variable(s) APCA_API_KEY_ID passed as plain env to 'streamer'");
  });

  it('the secret list matches the settings shared/config marks secret', () => {
    const secretSettings = [...settingsByEnv().values()].filter((s) => s.secret).map((s) => s.env);
    expect([...PROVIDER_SECRETS].sort()).toEqual(secretSettings.sort());
  });
});
