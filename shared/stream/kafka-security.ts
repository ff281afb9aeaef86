import type { ConnectionOptions } from 'node:tls';
import type { Mechanism, SASLOptions } from 'kafkajs';
import type { Secret } from '../config';
import { googleKafkaToken, unsecuredKafkaToken } from './bearer-token';
import type { SecurityHints } from './kafka-errors';
import type { GoogleTokenSource } from './google-token-source';
import { oauthBearerMechanism } from './oauth-bearer-mechanism';
import { refreshingTokenProvider } from './refreshing-token';

/** How the client proves who it is, once TLS is up. Mechanism names are KAFKA_SASL_MECHANISM's. */
export type KafkaSasl =
  | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: Secret }
  | {
      mechanism: 'oauthbearer-google';
      /** Access tokens and principal (ADC in production: `adcTokenSource`). */
      tokenSource: GoogleTokenSource;
      /** Default 5 minutes (refreshing-token.ts). */
      refreshMarginMs?: number;
    }
  | {
      /** Unsigned tokens for Kafka's unsecured validator: the dev broker only. */
      mechanism: 'oauthbearer-unsecured-dev-only';
      principal: string;
      /** Lifetime of each token. Default 1 hour. */
      lifetimeMs?: number;
    };

/** How a Kafka client secures its connections (KAFKA_SECURITY_PROTOCOL and what goes with it). */
export type KafkaSecurity =
  | { protocol: 'PLAINTEXT' }
  | {
      protocol: 'SASL_SSL';
      sasl: KafkaSasl;
      /** PEM CA certificates to trust for the brokers; unset means Node's default CAs. */
      ca?: string;
      /** The file `ca` was read from (KAFKA_SSL_CA_FILE), for messages only. */
      caFile?: string;
    };

export type SaslMechanismName = KafkaSasl['mechanism'];

/** kafkajs's `ssl` and `sasl` options for `security`; both undefined for PLAINTEXT. */
export function kafkaJsSecurity(security: KafkaSecurity): { ssl?: ConnectionOptions; sasl?: SASLOptions | Mechanism } {
  if (security.protocol === 'PLAINTEXT') return {};
  // With `ca` unset Node verifies against its default CAs; verification itself is never turned off.
  const ssl: ConnectionOptions = security.ca === undefined ? {} : { ca: [security.ca] };
  return { ssl, sasl: kafkaJsSasl(security.sasl) };
}

function kafkaJsSasl(sasl: KafkaSasl): SASLOptions | Mechanism {
  switch (sasl.mechanism) {
    case 'plain':
    case 'scram-sha-256':
    case 'scram-sha-512': {
      // The one reveal of the password: kafkajs needs the text to answer the broker.
      const credentials = { username: sasl.username, password: sasl.password.reveal() };
      return sasl.mechanism === 'plain'
        ? { mechanism: 'plain', ...credentials }
        : sasl.mechanism === 'scram-sha-256'
          ? { mechanism: 'scram-sha-256', ...credentials }
          : { mechanism: 'scram-sha-512', ...credentials };
    }
    case 'oauthbearer-google': {
      const { tokenSource } = sasl;
      const mint = async () => {
        const [{ token, expiresAtMs }, principal] = await Promise.all([
          tokenSource.accessToken(),
          tokenSource.principal(),
        ]);
        return googleKafkaToken(token, expiresAtMs, principal, Date.now());
      };
      return oauthBearerMechanism(refreshingTokenProvider(mint, { refreshMarginMs: sasl.refreshMarginMs }));
    }
    case 'oauthbearer-unsecured-dev-only': {
      const lifetimeMs = sasl.lifetimeMs ?? 3_600_000;
      return oauthBearerMechanism(
        refreshingTokenProvider(async () => unsecuredKafkaToken(sasl.principal, Date.now(), lifetimeMs)),
      );
    }
  }
}

/** One line for `describe()` and logs: protocol, mechanism, user and CA file; never a password or token. */
export function describeSecurity(security: KafkaSecurity): string {
  if (security.protocol === 'PLAINTEXT') return 'security=PLAINTEXT';
  const { sasl } = security;
  const who = 'username' in sasl ? ` user=${sasl.username}` : 'principal' in sasl ? ` principal=${sasl.principal}` : '';
  return `security=SASL_SSL mechanism=${sasl.mechanism}${who} ca=${security.caFile ?? (security.ca === undefined ? 'system' : 'given')}`;
}

/** What to tell the operator after a refused login or an untrusted certificate, for `security`. */
export function securityHints(security: KafkaSecurity): SecurityHints {
  const tls = {
    text:
      security.protocol === 'SASL_SSL' && security.caFile !== undefined
        ? `KAFKA_SSL_CA_FILE (${security.caFile}) does not hold the CA that signed the broker's certificate, or KAFKA_BROKERS names a host the certificate does not; fix KAFKA_SSL_CA_FILE or KAFKA_BROKERS.`
        : security.protocol === 'SASL_SSL' && security.ca !== undefined
          ? "The given CA certificates do not include the one that signed the broker's certificate (KAFKA_SSL_CA_FILE), or KAFKA_BROKERS names a host the certificate does not."
          : "Node's default CAs do not trust the broker's certificate: set KAFKA_SSL_CA_FILE to a PEM file with the CA that signed it (a self-signed listener), or check that KAFKA_BROKERS names a host the certificate holds.",
    settings: ['KAFKA_SSL_CA_FILE', 'KAFKA_BROKERS'],
  };
  if (security.protocol === 'PLAINTEXT')
    return {
      auth: {
        text: 'The broker wants SASL: set KAFKA_SECURITY_PROTOCOL=SASL_SSL and KAFKA_SASL_MECHANISM.',
        settings: ['KAFKA_SECURITY_PROTOCOL', 'KAFKA_SASL_MECHANISM'],
      },
      tls,
    };
  const { sasl } = security;
  switch (sasl.mechanism) {
    case 'oauthbearer-google':
      return {
        auth: {
          text: "Managed Kafka refused the Google token: check that the service account (KAFKA_SASL_GOOGLE_PRINCIPAL, or the one Application Default Credentials report) holds roles/managedkafka.client on the cluster's project, and that the cluster takes KAFKA_SASL_MECHANISM=oauthbearer-google.",
          settings: ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_GOOGLE_PRINCIPAL'],
        },
        tls,
      };
    case 'oauthbearer-unsecured-dev-only':
      return {
        auth: {
          text: `KAFKA_SASL_MECHANISM=oauthbearer-unsecured-dev-only works only against a broker that validates unsigned tokens (the dev broker); choose the mechanism this broker takes, or check KAFKA_SASL_USERNAME (now ${sasl.principal}).`,
          settings: ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME'],
        },
        tls,
      };
    default:
      return {
        auth: {
          text: `Check KAFKA_SASL_USERNAME (now ${sasl.username}), KAFKA_SASL_PASSWORD and KAFKA_SASL_MECHANISM (now ${sasl.mechanism}).`,
          settings: ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM'],
        },
        tls,
      };
  }
}
