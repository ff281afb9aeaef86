import type { GoogleAuth } from 'google-auth-library';
import { StorageError } from '../errors';
import { KafkaSecurityError } from './kafka-errors';

/** Where `oauthbearer-google` gets its Google access tokens and the principal they stand for. */
export interface GoogleTokenSource {
  /** A valid access token (cloud-platform scope) and its expiry, epoch milliseconds. A credential: never log it. */
  accessToken(): Promise<{ token: string; expiresAtMs: number }>;
  /** The service account email the tokens stand for: the `sub` of Managed Kafka's token. */
  principal(): Promise<string>;
}

/** Options of {@link adcTokenSource}. */
export interface AdcTokenSourceOptions {
  /** The principal, when ADC cannot tell it (KAFKA_SASL_GOOGLE_PRINCIPAL). */
  principal?: string;
  /**
   * A credentials JSON object (what a GOOGLE_APPLICATION_CREDENTIALS file holds) to use instead
   * of the Application Default Credentials search; unset means ADC.
   */
  credentials?: Record<string, unknown>;
}

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform';

/**
 * Google access tokens from Application Default Credentials (google-auth-library): on Cloud Run
 * the service's own account through the metadata server; elsewhere GOOGLE_APPLICATION_CREDENTIALS
 * or `gcloud auth application-default login`. google-auth-library caches each token and renews it
 * five minutes before it expires. The library is loaded on first use, so a PLAINTEXT or SCRAM
 * stream never pays for it.
 *
 * Failures: no credentials, or credentials Google refuses (an HTTP 4xx other than 408/429), or
 * an unknown principal: a {@link KafkaSecurityError} naming what to set. Anything else (the
 * metadata server or the token endpoint unreachable, a 5xx): a retriable StorageError.
 */
export function adcTokenSource(options: AdcTokenSourceOptions = {}): GoogleTokenSource {
  let auth: Promise<GoogleAuth> | undefined;
  const load = (): Promise<GoogleAuth> =>
    (auth ??= import('google-auth-library').then(
      ({ GoogleAuth }) => new GoogleAuth({ scopes: [CLOUD_PLATFORM], credentials: options.credentials }),
    ));

  return {
    async accessToken() {
      try {
        const client = await (await load()).getClient();
        const { token } = await client.getAccessToken();
        const expiresAtMs = client.credentials.expiry_date;
        if (!token || typeof expiresAtMs !== 'number')
          throw new StorageError('Application Default Credentials returned no access token or no expiry', {
            retriable: true,
          });
        return { token, expiresAtMs };
      } catch (error) {
        throw adcError(error, 'cannot get a Google access token for Kafka');
      }
    },

    async principal() {
      if (options.principal) return options.principal;
      let email: string | undefined;
      try {
        email = (await (await load()).getCredentials()).client_email;
      } catch (error) {
        throw adcError(error, 'cannot tell which service account Application Default Credentials stand for');
      }
      if (!email) {
        throw new KafkaSecurityError(
          'kafka: Application Default Credentials do not say which service account they stand for (user credentials from `gcloud auth application-default login` do not); set KAFKA_SASL_GOOGLE_PRINCIPAL to the email of the account the tokens are for',
          { settings: ['KAFKA_SASL_GOOGLE_PRINCIPAL'] },
        );
      }
      return email;
    },
  };
}

/**
 * google-auth-library's failure as ours. The library's error is not kept as `cause`: a gaxios
 * error carries its request, and a token request's body is a credential.
 */
function adcError(error: unknown, what: string): Error {
  if (error instanceof StorageError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const status =
    (error as { status?: unknown; response?: { status?: unknown } }).status ??
    (error as { response?: { status?: unknown } }).response?.status;
  if (/Could not load the default credentials/i.test(message)) {
    return new KafkaSecurityError(
      `kafka: ${what}: no Application Default Credentials. On Cloud Run the service account is used; elsewhere set GOOGLE_APPLICATION_CREDENTIALS or run \`gcloud auth application-default login\`, or choose another KAFKA_SASL_MECHANISM`,
      { settings: ['KAFKA_SASL_MECHANISM', 'GOOGLE_APPLICATION_CREDENTIALS'] },
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new KafkaSecurityError(
      `kafka: ${what}: Google refused the credentials (HTTP ${status}: ${message}). Check GOOGLE_APPLICATION_CREDENTIALS or the service account`,
      {
        settings: ['GOOGLE_APPLICATION_CREDENTIALS'],
      },
    );
  }
  return new StorageError(`kafka: ${what}: ${message}`, { retriable: true });
}
