import { ConfigError } from '../errors';
import { loadConfig } from './load';
import { Secret } from './secret';

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted a bad environment');
}

const saslSsl = { KAFKA_BROKERS: 'bootstrap.example.com:9092', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' };

describe('loadConfig: Kafka security (the stream section)', () => {
  it('defaults to PLAINTEXT with no SASL and no CA file', () => {
    expect(loadConfig({}).stream).toEqual({
      kafkaBrokers: undefined,
      dir: '.data/stream',
      clientId: 'market-data',
      securityProtocol: 'PLAINTEXT',
      saslMechanism: undefined,
      saslUsername: undefined,
      saslPassword: undefined,
      sslCaFile: undefined,
      saslGooglePrincipal: undefined,
    });
  });

  it('reads SCRAM credentials, the password typed Secret so it prints [REDACTED]', () => {
    const { stream } = loadConfig({
      ...saslSsl,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ingest',
      KAFKA_SASL_PASSWORD: 'pa55-word',
      KAFKA_SSL_CA_FILE: '/etc/kafka/ca.pem',
    });
    expect(stream).toMatchObject({
      securityProtocol: 'SASL_SSL',
      saslMechanism: 'scram-sha-512',
      saslUsername: 'ingest',
      sslCaFile: '/etc/kafka/ca.pem',
    });
    expect(stream.saslPassword).toBeInstanceOf(Secret);
    expect(stream.saslPassword?.reveal()).toBe('pa55-word');
    expect(JSON.stringify(stream)).not.toContain('pa55-word');
    expect(`${String(stream.saslPassword)}`).toBe('[REDACTED]');
  });

  it('accepts oauthbearer-google with nothing else: the token comes from ADC', () => {
    const { stream } = loadConfig({ ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-google' });
    expect(stream).toMatchObject({
      saslMechanism: 'oauthbearer-google',
      saslUsername: undefined,
      saslPassword: undefined,
      saslGooglePrincipal: undefined,
    });
  });

  it('takes the Google principal when ADC cannot tell it', () => {
    const { stream } = loadConfig({
      ...saslSsl,
      KAFKA_SASL_MECHANISM: 'oauthbearer-google',
      KAFKA_SASL_GOOGLE_PRINCIPAL: 'streamer@acme.iam.gserviceaccount.com',
    });
    expect(stream.saslGooglePrincipal).toBe('streamer@acme.iam.gserviceaccount.com');
  });

  it('treats empty values as unset, so an empty mechanism under PLAINTEXT is no problem', () => {
    const { stream } = loadConfig({
      KAFKA_SECURITY_PROTOCOL: '',
      KAFKA_SASL_MECHANISM: ' ',
      KAFKA_SSL_CA_FILE: '',
      KAFKA_SASL_PASSWORD: '',
    });
    expect(stream).toMatchObject({
      securityProtocol: 'PLAINTEXT',
      saslMechanism: undefined,
      sslCaFile: undefined,
      saslPassword: undefined,
    });
  });

  it.each([
    {
      name: 'SASL_SSL without a mechanism',
      env: { ...saslSsl },
      bad: { KAFKA_SASL_MECHANISM: 'is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL' },
    },
    {
      name: 'SASL_SSL without brokers',
      env: { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', KAFKA_SASL_MECHANISM: 'oauthbearer-google' },
      bad: { KAFKA_BROKERS: 'is required when KAFKA_SECURITY_PROTOCOL=SASL_SSL' },
    },
    {
      name: 'scram-sha-512 without credentials',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'scram-sha-512' },
      bad: {
        KAFKA_SASL_USERNAME: 'is required when KAFKA_SASL_MECHANISM=scram-sha-512',
        KAFKA_SASL_PASSWORD: 'is required when KAFKA_SASL_MECHANISM=scram-sha-512',
      },
    },
    {
      name: 'plain without a password',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'ingest' },
      bad: { KAFKA_SASL_PASSWORD: 'is required when KAFKA_SASL_MECHANISM=plain' },
    },
    {
      name: 'scram-sha-256 without a user',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'x' },
      bad: { KAFKA_SASL_USERNAME: 'is required when KAFKA_SASL_MECHANISM=scram-sha-256' },
    },
    {
      name: 'the unsecured dev mechanism without a subject',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-unsecured-dev-only' },
      bad: { KAFKA_SASL_USERNAME: 'is required when KAFKA_SASL_MECHANISM=oauthbearer-unsecured-dev-only' },
    },
    {
      name: 'a mechanism and a CA file while the protocol is (by default) PLAINTEXT',
      env: {
        KAFKA_BROKERS: '127.0.0.1:9092',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
        KAFKA_SSL_CA_FILE: '/ca.pem',
      },
      bad: {
        KAFKA_SASL_MECHANISM:
          'is ignored when KAFKA_SECURITY_PROTOCOL=PLAINTEXT: unset it, or change KAFKA_SECURITY_PROTOCOL',
        KAFKA_SSL_CA_FILE:
          'is ignored when KAFKA_SECURITY_PROTOCOL=PLAINTEXT: unset it, or change KAFKA_SECURITY_PROTOCOL',
      },
    },
    {
      name: 'an unknown protocol',
      env: { KAFKA_SECURITY_PROTOCOL: 'SSL' },
      bad: { KAFKA_SECURITY_PROTOCOL: 'must be one of PLAINTEXT, SASL_SSL' },
    },
    {
      name: 'an unknown mechanism (kafkajs calls it oauthbearer; we name whose token)',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer' },
      bad: {
        KAFKA_SASL_MECHANISM:
          'must be one of oauthbearer-google, plain, scram-sha-256, scram-sha-512, oauthbearer-unsecured-dev-only',
      },
    },
    {
      name: 'a principal that is no email',
      env: { ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-google', KAFKA_SASL_GOOGLE_PRINCIPAL: 'streamer' },
      bad: { KAFKA_SASL_GOOGLE_PRINCIPAL: 'must be a service account email' },
    },
  ])('names each bad variable: $name', ({ env, bad }) => {
    const error = problemsOf(env);
    expect(error.issues).toHaveLength(Object.keys(bad).length);
    for (const [variable, why] of Object.entries(bad)) expect(error.message).toContain(`${variable}: ${why}`);
  });

  it('reports every Kafka problem at once, beside problems of other sections, and never echoes the password', () => {
    const error = problemsOf({
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_PASSWORD: 'do-not-print-me',
      KAFKA_SASL_GOOGLE_PRINCIPAL: 'not-an-email',
      LOG_LEVEL: 'loud',
    });
    expect(error.issues.map((line) => line.split(':')[0]).sort()).toEqual(
      ['KAFKA_BROKERS', 'KAFKA_SASL_GOOGLE_PRINCIPAL', 'KAFKA_SASL_USERNAME', 'LOG_LEVEL'].sort(),
    );
    expect(error.message).not.toContain('do-not-print-me');
  });
});
