import { createHmac } from 'node:crypto';
import { kafkaServerProperties, newKafkaClusterId } from './kafka-config';
import { scramFormatArgs } from './kafka-sasl-users';

function parse(properties: string): Map<string, string> {
  // Split at the first '=' only: JAAS values hold '=' themselves.
  return new Map(
    properties
      .trim()
      .split('\n')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)] as [string, string]),
  );
}

describe('kafkaServerProperties', () => {
  const props = parse(kafkaServerProperties({ port: 19092, controllerPort: 19093, logDir: '/data/kraft' }));

  it('runs one KRaft node on loopback only', () => {
    expect(props.get('process.roles')).toBe('broker,controller');
    expect(props.get('listeners')).toBe('PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093');
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(props.get('controller.quorum.voters')).toBe('1@127.0.0.1:19093');
    expect(props.get('log.dirs')).toBe('/data/kraft');
  });

  it.each([
    ['offsets.topic.replication.factor', '1'],
    ['transaction.state.log.replication.factor', '1'],
    ['transaction.state.log.min.isr', '1'],
    ['group.initial.rebalance.delay.ms', '0'],
    ['auto.create.topics.enable', 'false'],
  ])('sets %s=%s for a single node', (key, value) => {
    expect(props.get(key)).toBe(value);
  });
});

describe('newKafkaClusterId', () => {
  it('returns 22 URL-safe base64 characters that never start with a dash', () => {
    const ids = Array.from({ length: 500 }, () => newKafkaClusterId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Buffer.from(ids[0]!, 'base64url')).toHaveLength(16);
  });
});

describe('kafkaServerProperties with the SASL_SSL listener', () => {
  const props = parse(
    kafkaServerProperties({
      port: 19092,
      controllerPort: 19093,
      logDir: '/data/kraft',
      saslSsl: {
        port: 19094,
        keystoreFile: '/cache/kafka-tls/broker.p12',
        keystorePassword: 'ks-pw',
        plainUsers: { 'md-plain': 'plain-pw' },
      },
    }),
  );

  it('adds SASL_SSL beside PLAINTEXT, which stays for other clients and the broker itself', () => {
    expect(props.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093,SASL_SSL://127.0.0.1:19094',
    );
    expect(props.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092,SASL_SSL://127.0.0.1:19094');
    expect(props.get('listener.security.protocol.map')).toBe(
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    );
    expect(props.get('inter.broker.listener.name')).toBe('PLAINTEXT');
  });

  it('serves TLS from the PKCS12 keystore and enables each mechanism with its JAAS line', () => {
    expect(props.get('listener.name.sasl_ssl.ssl.keystore.location')).toBe('/cache/kafka-tls/broker.p12');
    expect(props.get('listener.name.sasl_ssl.ssl.keystore.type')).toBe('PKCS12');
    expect(props.get('listener.name.sasl_ssl.sasl.enabled.mechanisms')).toBe(
      'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512,OAUTHBEARER',
    );
    expect(props.get('listener.name.sasl_ssl.plain.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.plain.PlainLoginModule required user_md-plain="plain-pw";',
    );
    expect(props.get('listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config')).toBe(
      'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    );
    // No callback handler is configured for OAUTHBEARER: Kafka's unsecured JWT validator is the default.
    expect([...props.keys()].filter((key) => key.includes('callback.handler'))).toEqual([]);
    expect(props.get('listener.name.sasl_ssl.oauthbearer.sasl.jaas.config')).toContain(
      'OAuthBearerLoginModule required',
    );
  });

  it('leaves a PLAINTEXT-only layout without any SASL or TLS setting', () => {
    const plain = kafkaServerProperties({ port: 1, controllerPort: 2, logDir: '/d' });
    expect(plain).not.toMatch(/sasl|ssl/i);
  });
});

describe('scramFormatArgs', () => {
  it('adds the SCRAM user for both SHA sizes as salted passwords, and nothing without users', () => {
    const users = {
      plain: { username: 'p', password: 'pp' },
      scram: { username: 'md-scram', password: 'pencil' },
      oauthPrincipal: 'o',
    };
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const args = scramFormatArgs(users, salt);
    expect(args.filter((_, i) => i % 2 === 0)).toEqual(['--add-scram', '--add-scram']);
    expect(args[1]).toMatch(
      /^SCRAM-SHA-256=\[name=md-scram,iterations=4096,salt="W22ZaJ0SNY7soEsUEjb6gQ==",saltedpassword="[A-Za-z0-9+/]{43}="\]$/,
    );
    expect(args[3]).toMatch(
      /^SCRAM-SHA-512=\[name=md-scram,iterations=4096,salt="W22ZaJ0SNY7soEsUEjb6gQ==",saltedpassword="[A-Za-z0-9+/]{86}=="\]$/,
    );
    expect(scramFormatArgs(undefined)).toEqual([]);
  });

  it("salts the password as RFC 5802 Hi() does: RFC 7677's SCRAM-SHA-256 example yields its server signature", () => {
    const users = {
      plain: { username: 'p', password: 'pp' },
      scram: { username: 'user', password: 'pencil' },
      oauthPrincipal: 'o',
    };
    const args = scramFormatArgs(users, Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64'));
    const salted = Buffer.from(/saltedpassword="([^"]+)"/.exec(args[1]!)![1]!, 'base64');
    const nonce = 'rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';
    const authMessage = `n=user,r=rOprNGfwEbeRWgbNEkqO,r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,c=biws,r=${nonce}`;
    const serverKey = createHmac('sha256', salted).update('Server Key').digest();
    expect(createHmac('sha256', serverKey).update(authMessage).digest('base64')).toBe(
      '6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
    );
  });
});
