import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig } from '../config';
import { createStream } from './index';
import { KafkaSecurityError } from './kafka-errors';
import { securityFromSettings } from './security-from-settings';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-ca-'));
const caFile = path.join(dir, 'ca.pem');
fs.writeFileSync(caFile, PEM);
const notPem = path.join(dir, 'ca.der');
fs.writeFileSync(notPem, Buffer.from([0x30, 0x82, 0x01, 0x0a]));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const saslSsl = { KAFKA_BROKERS: 'kafka.example.com:9092', KAFKA_SECURITY_PROTOCOL: 'SASL_SSL' };

function securityError(run: () => unknown): KafkaSecurityError {
  try {
    run();
  } catch (error) {
    if (error instanceof KafkaSecurityError) return error;
    throw error;
  }
  throw new Error('expected a KafkaSecurityError');
}

describe('securityFromSettings (from the loaded config)', () => {
  it('is PLAINTEXT by default', () => {
    expect(securityFromSettings(loadConfig({}).stream)).toEqual({ protocol: 'PLAINTEXT' });
  });

  it('reads the CA file and keeps the password a Secret', () => {
    const { stream } = loadConfig({
      ...saslSsl,
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p4ss',
      KAFKA_SSL_CA_FILE: caFile,
    });
    const security = securityFromSettings(stream);
    expect(security).toMatchObject({
      protocol: 'SASL_SSL',
      ca: PEM,
      caFile,
      sasl: { mechanism: 'plain', username: 'u' },
    });
    expect(JSON.stringify(security)).not.toContain('p4ss');
  });

  it("builds the dev OAUTHBEARER principal from KAFKA_SASL_USERNAME, and Google's from ADC unless given", () => {
    const dev = securityFromSettings(
      loadConfig({ ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-unsecured-dev-only', KAFKA_SASL_USERNAME: 'me' })
        .stream,
    );
    expect(dev).toEqual({
      protocol: 'SASL_SSL',
      ca: undefined,
      caFile: undefined,
      sasl: { mechanism: 'oauthbearer-unsecured-dev-only', principal: 'me' },
    });
    const google = securityFromSettings(loadConfig({ ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-google' }).stream);
    expect(google).toMatchObject({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'oauthbearer-google', tokenSource: { accessToken: expect.any(Function) } },
    });
  });

  it('uses an injected Google token source instead of ADC', () => {
    const tokenSource = {
      accessToken: async () => ({ token: 't', expiresAtMs: 0 }),
      principal: async () => 'p@x.iam.gserviceaccount.com',
    };
    const security = securityFromSettings(
      loadConfig({ ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-google' }).stream,
      { googleTokenSource: tokenSource },
    );
    expect(security).toMatchObject({ sasl: { tokenSource } });
  });

  it.each([
    ['a missing file', path.join(dir, 'absent.pem'), 'cannot be read'],
    ['a file without a PEM certificate (DER, say)', notPem, 'holds no PEM certificate'],
  ])('stops at start-up on %s, naming KAFKA_SSL_CA_FILE', (_label, file, why) => {
    const { stream } = loadConfig({ ...saslSsl, KAFKA_SASL_MECHANISM: 'oauthbearer-google', KAFKA_SSL_CA_FILE: file });
    const error = securityError(() => securityFromSettings(stream));
    expect(error.message).toContain(`KAFKA_SSL_CA_FILE (${file}) ${why}`);
    expect(error.settings).toEqual(['KAFKA_SSL_CA_FILE']);
    expect(error.retriable).toBe(false);
  });

  it('names a missing setting when handed settings loadConfig never checked', () => {
    expect(securityError(() => securityFromSettings({ securityProtocol: 'SASL_SSL' })).settings).toEqual([
      'KAFKA_SASL_MECHANISM',
    ]);
    expect(
      securityError(() =>
        securityFromSettings({ securityProtocol: 'SASL_SSL', saslMechanism: 'scram-sha-512', saslUsername: 'u' }),
      ).settings,
    ).toEqual(['KAFKA_SASL_PASSWORD']);
  });
});

describe('createStream with security settings', () => {
  it('makes a Kafka stream that describes its security without the password (nothing connects yet)', () => {
    const { stream: settings } = loadConfig({
      ...saslSsl,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'ingest',
      KAFKA_SASL_PASSWORD: 'p4ss-word',
      KAFKA_SSL_CA_FILE: caFile,
    });
    const stream = createStream(settings);
    expect(stream.kind).toBe('kafka');
    expect(stream.describe()).toBe(
      `kafka brokers=kafka.example.com:9092 security=SASL_SSL mechanism=scram-sha-512 user=ingest ca=${caFile}`,
    );
  });

  it('keeps the PLAINTEXT description as it was', () => {
    expect(createStream(loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' }).stream).describe()).toBe(
      'kafka brokers=127.0.0.1:9092',
    );
  });

  it('refuses SASL_SSL without brokers rather than falling back to the file log', () => {
    expect(
      securityError(() =>
        createStream({
          clientId: 'x',
          dir: '/tmp/unused',
          securityProtocol: 'SASL_SSL',
          saslMechanism: 'oauthbearer-google',
        }),
      ).settings,
    ).toEqual(['KAFKA_BROKERS']);
  });
});
