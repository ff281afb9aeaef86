import * as fs from 'node:fs';
import type { Secret } from '../config';
import { KafkaSecurityError } from './kafka-errors';
import type { KafkaSecurity, SaslMechanismName } from './kafka-security';
import { adcTokenSource, type GoogleTokenSource } from './google-token-source';

/**
 * The security fields of the stream settings (shared/config's `StreamConfig` has them, each named
 * for its variable: securityProtocol = KAFKA_SECURITY_PROTOCOL, and so on). All optional, so a
 * settings object without them means PLAINTEXT.
 */
export interface StreamSecuritySettings {
  securityProtocol?: 'PLAINTEXT' | 'SASL_SSL';
  saslMechanism?: SaslMechanismName;
  saslUsername?: string;
  saslPassword?: Secret;
  /** Path of a PEM CA bundle. */
  sslCaFile?: string;
  /** Overrides the principal ADC reports, for oauthbearer-google. */
  saslGooglePrincipal?: string;
}

/**
 * The `KafkaSecurity` the settings describe. Reads KAFKA_SSL_CA_FILE now (not at first connect),
 * so a wrong path stops start-up. `googleTokenSource` replaces ADC for oauthbearer-google (tests).
 *
 * @throws KafkaSecurityError naming the variable when the CA file cannot be read or holds no PEM
 *   certificate, or a setting the mechanism needs is missing (loadConfig reports those first).
 */
export function securityFromSettings(
  settings: StreamSecuritySettings,
  deps: { googleTokenSource?: GoogleTokenSource } = {},
): KafkaSecurity {
  if ((settings.securityProtocol ?? 'PLAINTEXT') === 'PLAINTEXT') return { protocol: 'PLAINTEXT' };
  const caFile = settings.sslCaFile;
  const ca = caFile === undefined ? undefined : readCa(caFile);
  const missing = (variable: string, mechanism: string) =>
    new KafkaSecurityError(`kafka: ${variable} is required when KAFKA_SASL_MECHANISM=${mechanism}`, {
      settings: [variable],
    });
  const mechanism = settings.saslMechanism;
  switch (mechanism) {
    case undefined:
      throw new KafkaSecurityError('kafka: KAFKA_SASL_MECHANISM is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL', {
        settings: ['KAFKA_SASL_MECHANISM'],
      });
    case 'plain':
    case 'scram-sha-256':
    case 'scram-sha-512': {
      if (!settings.saslUsername) throw missing('KAFKA_SASL_USERNAME', mechanism);
      if (!settings.saslPassword) throw missing('KAFKA_SASL_PASSWORD', mechanism);
      return {
        protocol: 'SASL_SSL',
        ca,
        caFile,
        sasl: { mechanism, username: settings.saslUsername, password: settings.saslPassword },
      };
    }
    case 'oauthbearer-google': {
      const tokenSource = deps.googleTokenSource ?? adcTokenSource({ principal: settings.saslGooglePrincipal });
      return { protocol: 'SASL_SSL', ca, caFile, sasl: { mechanism, tokenSource } };
    }
    case 'oauthbearer-unsecured-dev-only': {
      if (!settings.saslUsername) throw missing('KAFKA_SASL_USERNAME', mechanism);
      return { protocol: 'SASL_SSL', ca, caFile, sasl: { mechanism, principal: settings.saslUsername } };
    }
  }
}

function readCa(file: string): string {
  let pem: string;
  try {
    pem = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KafkaSecurityError(`kafka: KAFKA_SSL_CA_FILE (${file}) cannot be read: ${(error as Error).message}`, {
      settings: ['KAFKA_SSL_CA_FILE'],
    });
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    throw new KafkaSecurityError(
      `kafka: KAFKA_SSL_CA_FILE (${file}) holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
      { settings: ['KAFKA_SSL_CA_FILE'] },
    );
  }
  return pem;
}
