import type { Construct } from 'constructs';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import type { MountedSecret } from '../secret-names';

/**
 * Grants `roles/secretmanager.secretAccessor` on the secret `secretId` only (never on the project)
 * to the service account `email`. The secret itself is the operator's (cdktf/secret-names.ts).
 */
export function grantSecretAccess(
  scope: Construct,
  id: string,
  secretId: string,
  email: string,
): SecretManagerSecretIamMember {
  return new SecretManagerSecretIamMember(scope, id, {
    secretId,
    role: 'roles/secretmanager.secretAccessor',
    member: `serviceAccount:${email}`,
  });
}

/** Grants `email` access to each secret of `mounted`, one grant per secret. */
export function grantMountedSecrets(
  scope: Construct,
  mounted: readonly MountedSecret[],
  email: string,
): SecretManagerSecretIamMember[] {
  return mounted.map((secret) => grantSecretAccess(scope, `secret-${secret.secretId}`, secret.secretId, email));
}

/**
 * Throws when a secret variable is also a plain variable: its value would sit in the Terraform
 * state and in every revision's description. `owner` names the workload in the message.
 */
export function refusePlainSecrets(
  owner: string,
  environment: Readonly<Record<string, string>>,
  mounted: readonly MountedSecret[],
): void {
  const leaked = mounted.map((s) => s.env).filter((name) => Object.hasOwn(environment, name));
  if (leaked.length > 0) throw new Error(`Secret variable(s) ${leaked.join(', ')} passed as plain env to '${owner}'`);
}
