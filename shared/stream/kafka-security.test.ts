import { Secret } from '../config';
import { describeSecurity, kafkaJsSecurity, securityHints, type KafkaSecurity } from './kafka-security';

const PASSWORD = 'hunter2-very-secret';
const scram: KafkaSecurity = {
  protocol: 'SASL_SSL',
  ca: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
  caFile: '/etc/kafka/ca.pem',
  sasl: { mechanism: 'scram-sha-512', username: 'ingest', password: new Secret(PASSWORD) },
};
const google: KafkaSecurity = {
  protocol: 'SASL_SSL',
  sasl: {
    mechanism: 'oauthbearer-google',
    tokenSource: {
      accessToken: async () => ({ token: 'ya29.secret-token', expiresAtMs: Date.now() + 3_600_000 }),
      principal: async () => 'sa@p.iam.gserviceaccount.com',
    },
  },
};

describe('kafkaJsSecurity', () => {
  it('gives PLAINTEXT neither ssl nor sasl', () => {
    expect(kafkaJsSecurity({ protocol: 'PLAINTEXT' })).toEqual({});
  });

  it('trusts exactly the given CA, and hands kafkajs the revealed password for SCRAM', () => {
    const { ssl, sasl } = kafkaJsSecurity(scram);
    expect(ssl).toEqual({ ca: [scram.protocol === 'SASL_SSL' ? scram.ca : ''] });
    expect(sasl).toEqual({ mechanism: 'scram-sha-512', username: 'ingest', password: PASSWORD });
  });

  it("verifies against Node's default CAs when no CA is given (never rejectUnauthorized: false)", () => {
    const { ssl } = kafkaJsSecurity(google);
    expect(ssl).toEqual({});
  });

  it('uses our own OAUTHBEARER mechanism for both bearer kinds', () => {
    const { sasl } = kafkaJsSecurity(google);
    expect(sasl).toMatchObject({ mechanism: 'oauthbearer', authenticationProvider: expect.any(Function) });
    const dev = kafkaJsSecurity({
      protocol: 'SASL_SSL',
      sasl: { mechanism: 'oauthbearer-unsecured-dev-only', principal: 'dev' },
    });
    expect(dev.sasl).toMatchObject({ mechanism: 'oauthbearer', authenticationProvider: expect.any(Function) });
  });
});

describe('describeSecurity', () => {
  it('says protocol, mechanism, user and CA file, and never the password', () => {
    const line = describeSecurity(scram);
    expect(line).toBe('security=SASL_SSL mechanism=scram-sha-512 user=ingest ca=/etc/kafka/ca.pem');
    expect(line).not.toContain(PASSWORD);
    expect(describeSecurity(google)).toBe('security=SASL_SSL mechanism=oauthbearer-google ca=system');
    expect(describeSecurity({ protocol: 'PLAINTEXT' })).toBe('security=PLAINTEXT');
  });
});

describe('securityHints', () => {
  it('names user, password and mechanism for a refused password login, without the password', () => {
    const { auth } = securityHints(scram);
    expect(auth.settings).toEqual(['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM']);
    expect(auth.text).toContain('KAFKA_SASL_USERNAME (now ingest)');
    expect(auth.text).not.toContain(PASSWORD);
  });

  it('names the principal and the Managed Kafka role for a refused Google token', () => {
    const { auth } = securityHints(google);
    expect(auth.settings).toEqual(['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_GOOGLE_PRINCIPAL']);
    expect(auth.text).toContain('roles/managedkafka.client');
  });

  it('names KAFKA_SSL_CA_FILE (with its path) for an untrusted certificate', () => {
    expect(securityHints(scram).tls.text).toContain('KAFKA_SSL_CA_FILE (/etc/kafka/ca.pem)');
    expect(securityHints(google).tls.text).toContain('set KAFKA_SSL_CA_FILE');
    expect(securityHints(google).tls.settings).toContain('KAFKA_SSL_CA_FILE');
  });
});
