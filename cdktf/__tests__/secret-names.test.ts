/**
 * How a workload mounts secrets: every required one pinned to its resolved version, each optional
 * one only when it has a version, and the list of secrets is the one credential definition
 * (shared/sources/provider-keys.ts) plus Kafka's password, exactly what shared/config marks secret.
 */
import { settingsByEnv } from '../../shared/config/schema';
import { ALL_SECRETS, addVersionCommand, mountSecrets, secretIdFor } from '../secret-names';

describe('secret names', () => {
  it('names a secret after its variable, in kebab case', () => {
    expect(secretIdFor('POLYGON_API_KEY')).toBe('polygon-api-key');
  });

  it('mounts required secrets pinned, optional ones only when they have a version, and lists the missing required ones', () => {
    const secrets = {
      required: ['PRODUCT_HUNT_TOKEN', 'POLYGON_API_KEY'],
      optional: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
    };
    expect(mountSecrets(secrets, { PRODUCT_HUNT_TOKEN: '3', APCA_API_KEY_ID: '1' })).toEqual({
      mounted: [
        { env: 'PRODUCT_HUNT_TOKEN', secretId: 'product-hunt-token', version: '3' },
        { env: 'APCA_API_KEY_ID', secretId: 'apca-api-key-id', version: '1' },
      ],
      missing: ['POLYGON_API_KEY'],
    });
  });

  it('the secret list is exactly what shared/config marks secret', () => {
    const secretSettings = [...settingsByEnv().values()].filter((s) => s.secret).map((s) => s.env);
    expect([...ALL_SECRETS].sort()).toEqual(secretSettings.sort());
  });

  it('tells the operator how to add a version, reading the value from their environment', () => {
    expect(addVersionCommand('PRODUCT_HUNT_TOKEN', 'acme')).toBe(
      'gcloud secrets create product-hunt-token --project=acme --replication-policy=automatic 2>/dev/null; printf %s "$PRODUCT_HUNT_TOKEN" | gcloud secrets versions add product-hunt-token --project=acme --data-file=-',
    );
  });
});
