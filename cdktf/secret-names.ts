/**
 * Which secrets exist and how a workload mounts them. Secret values live only in Secret Manager:
 * the operator creates each secret and adds its value (cdktf/README.md, step "secrets"), the deploy
 * never declares a secret or a version, so no value reaches code or Terraform state. The deploy
 * resolves each secret's newest enabled version before synth (cdktf/deploy/secret-versions.ts) and
 * pins it: a revision never mounts a secret with no version, and a rotation is picked up by the
 * next deploy, not by a random instance restart.
 */
import { allProviderKeyNames } from '../shared/pipelines/registry';

/** The password of an external Kafka's SASL user (plain or SCRAM). */
export const KAFKA_PASSWORD_SECRET = 'KAFKA_SASL_PASSWORD';

/** Every secret variable the platform may read, each once: the provider keys and Kafka's password. */
export const ALL_SECRETS: readonly string[] = [...allProviderKeyNames(), KAFKA_PASSWORD_SECRET];

/** The Secret Manager secret id holding env variable `envName` (POLYGON_API_KEY -> polygon-api-key). */
export function secretIdFor(envName: string): string {
  return envName.toLowerCase().replace(/_/g, '-');
}

/** The provider secrets a workload reads, by whether it can run without them. */
export interface WorkloadSecrets {
  /** The workload cannot start without these: a deploy stops until each has a version. */
  readonly required: readonly string[];
  /** Used when present (a keyless fallback exists): mounted only when the secret has a version. */
  readonly optional: readonly string[];
}

/** Secret variable -> its newest enabled version number, as the deploy resolved them. */
export type SecretVersions = Readonly<Record<string, string>>;

/** One secret as a workload mounts it: env variable, secret id, pinned version. */
export interface MountedSecret {
  readonly env: string;
  readonly secretId: string;
  readonly version: string;
}

/**
 * The secrets a workload mounts given the resolved versions: every required one (its pinned
 * version), every optional one that has a version. `missing` lists required secrets without one.
 * Pure.
 */
export function mountSecrets(
  secrets: WorkloadSecrets,
  versions: SecretVersions,
): { mounted: MountedSecret[]; missing: string[] } {
  const mounted: MountedSecret[] = [];
  const missing: string[] = [];
  for (const env of secrets.required) {
    const version = versions[env];
    if (version === undefined) missing.push(env);
    else mounted.push({ env, secretId: secretIdFor(env), version });
  }
  for (const env of secrets.optional) {
    const version = versions[env];
    if (version !== undefined) mounted.push({ env, secretId: secretIdFor(env), version });
  }
  return { mounted, missing };
}

/** The command that gives secret `env` its first (or a new) version, for error messages and docs. */
export function addVersionCommand(env: string, projectId: string): string {
  const id = secretIdFor(env);
  return `gcloud secrets create ${id} --project=${projectId} --replication-policy=automatic 2>/dev/null; printf %s "$${env}" | gcloud secrets versions add ${id} --project=${projectId} --data-file=-`;
}
