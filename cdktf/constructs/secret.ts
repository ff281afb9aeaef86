import { Construct } from 'constructs';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { secretIdFor } from '../secret-names';

/** Settings of one provider secret. */
export interface ProviderSecretProps {
  /** The environment variable the secret feeds, e.g. POLYGON_API_KEY. */
  readonly envName: string;
}

/**
 * A Secret Manager secret for one provider credential. Only the secret is declared, never a
 * version: the value is added out of band (`gcloud secrets versions add`), so it is in neither
 * the code nor the Terraform state. Readers are granted per secret with `grantAccess`.
 */
export class ProviderSecret extends Construct {
  /** The secret resource; `secretId` is the kebab-case variable name. */
  readonly secret: SecretManagerSecret;
  readonly envName: string;

  constructor(scope: Construct, id: string, props: ProviderSecretProps) {
    super(scope, id);
    this.envName = props.envName;
    this.secret = new SecretManagerSecret(this, 'secret', {
      secretId: secretIdFor(props.envName),
      replication: { auto: {} },
      labels: { app: 'market-data', env_name: props.envName.toLowerCase() },
    });
  }

  /** Grants `roles/secretmanager.secretAccessor` on this secret only to the service account `email`. */
  grantAccess(id: string, email: string): SecretManagerSecretIamMember {
    return grantSecretAccess(this, id, this.secret.secretId, email);
  }
}

/**
 * Grants `roles/secretmanager.secretAccessor` on the secret `secretId` (by name, so another stack
 * can grant without a cross-stack reference) to the service account `email`.
 */
export function grantSecretAccess(scope: Construct, id: string, secretId: string, email: string): SecretManagerSecretIamMember {
  return new SecretManagerSecretIamMember(scope, id, {
    secretId,
    role: 'roles/secretmanager.secretAccessor',
    member: `serviceAccount:${email}`,
  });
}
