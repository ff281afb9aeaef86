import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rootCertificates } from 'node:tls';
import { loadConfig } from '../config';
import type { LogFields, Logger } from '../log/types';
import { testEndpoints, testKafkaSasl, uniqueName } from '../../test/harness/endpoints';
import { createStream, type GoogleTokenSource, type Stream } from './index';
import { KafkaSecurityError } from './kafka-errors';
import type { ConsumedMessage } from './types';

const sasl = testKafkaSasl();
const { kafkaBrokers } = testEndpoints();

/**
 * kafkajs's retry budget as createKafkaStream sets it (300 ms doubling to 5 s, 30 retries): about
 * 2 minutes of waiting before a retried failure surfaces. Each failure below must surface in a
 * small fraction of it, which shows nothing retried it.
 */
const RETRY_BUDGET_MS = Array.from({ length: 30 }, (_, n) => Math.min(300 * 2 ** n, 5_000)).reduce((a, b) => a + b, 0);
const FAST_MS = 10_000;

function capturingLogger(lines: string[]): Logger {
  const at = (severity: string) => (message: string, fields?: LogFields) =>
    void lines.push(`${severity} ${message} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = {
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARNING'),
    error: at('ERROR'),
    child: () => logger,
  };
  return logger;
}

/** A stream from environment variables, through loadConfig and createStream, as the streamer builds one. */
function streamFromEnv(
  env: Record<string, string>,
  lines: string[],
  deps: { googleTokenSource?: GoogleTokenSource } = {},
): Stream {
  return createStream(loadConfig({ KAFKA_CLIENT_ID: uniqueName('security'), ...env }).stream, {
    logger: capturingLogger(lines),
    ...deps,
  });
}

const saslSslEnv = {
  KAFKA_BROKERS: sasl.brokers.join(','),
  KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
  KAFKA_SSL_CA_FILE: sasl.caFile,
};
const scramEnv = {
  ...saslSslEnv,
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: sasl.scram.username,
  KAFKA_SASL_PASSWORD: sasl.scram.password,
};

/** Runs `call`, which must fail with a KafkaSecurityError; returns it with how long it took. */
async function securityFailure(call: () => Promise<unknown>): Promise<{ error: KafkaSecurityError; ms: number }> {
  const started = Date.now();
  try {
    await call();
  } catch (error) {
    if (!(error instanceof KafkaSecurityError)) throw error;
    return { error, ms: Date.now() - started };
  }
  throw new Error('expected a KafkaSecurityError, but the call succeeded');
}

let tempDir: string;
beforeAll(() => {
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kafka-security-'));
  expect(RETRY_BUDGET_MS).toBeGreaterThan(100_000);
});
afterAll(() => fs.rmSync(tempDir, { recursive: true, force: true }));

describe(`Kafka security failures are clear, fast and not retried (live: kafka ${kafkaBrokers.join(',')} PLAINTEXT, ${sasl.brokers.join(',')} SASL_SSL)`, () => {
  it.each([
    ['scram-sha-512', sasl.scram.username],
    ['plain', sasl.plain.username],
  ])(
    'a wrong %s password: every call rejects at once with the settings to fix, never the password; nothing sent is lost',
    async (mechanism, username) => {
      const wrongPassword = `wrong-${sasl.scram.password.slice(0, 6)}-${Date.now()}`;
      const lines: string[] = [];
      const good = streamFromEnv(scramEnv, []);
      const bad = streamFromEnv(
        {
          ...saslSslEnv,
          KAFKA_SASL_MECHANISM: mechanism,
          KAFKA_SASL_USERNAME: username,
          KAFKA_SASL_PASSWORD: wrongPassword,
        },
        lines,
      );
      const topic = uniqueName('auth_fail');
      try {
        await good.createTopics([{ topic, partitions: 1 }]);

        const refusedTopics = await securityFailure(() =>
          bad.createTopics([{ topic: uniqueName('never'), partitions: 1 }]),
        );
        const producer = bad.producer();
        const refusedSend = await securityFailure(() =>
          producer.send(topic, [{ key: 'AAPL', value: 'kept-by-the-caller-1' }]),
        );
        // The next send is refused too: the producer neither queues nor drops it silently.
        const refusedAgain = await securityFailure(() =>
          producer.send(topic, [{ key: 'AAPL', value: 'kept-by-the-caller-2' }]),
        );
        const refusedConsumer = await securityFailure(() =>
          bad
            .consumer({ groupId: uniqueName('never'), topics: [topic], fromBeginning: true })
            .run({ eachBatch: async () => undefined }),
        );

        for (const { error, ms } of [refusedTopics, refusedSend, refusedAgain, refusedConsumer]) {
          expect(error.retriable).toBe(false);
          expect(error.message).toContain('the broker refused to authenticate this client');
          for (const setting of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SASL_MECHANISM'])
            expect(error.message).toContain(setting);
          expect(error.message).toContain(`(now ${mechanism})`);
          expect(error.message).not.toContain(wrongPassword);
          expect(JSON.stringify(error.context)).not.toContain(wrongPassword);
          expect(ms).toBeLessThan(FAST_MS);
        }
        expect(bad.describe()).not.toContain(wrongPassword);
        expect(lines.length).toBeGreaterThan(0); // kafkajs did log the refusal ...
        expect(lines.filter((line) => line.includes(wrongPassword))).toEqual([]); // ... without the password

        // Nothing is lost: the caller still holds both refused messages and sends them with good credentials.
        const producerOk = good.producer();
        await producerOk.send(topic, [
          { key: 'AAPL', value: 'kept-by-the-caller-1' },
          { key: 'AAPL', value: 'kept-by-the-caller-2' },
        ]);
        const got: ConsumedMessage[] = [];
        const consumer = good.consumer({ groupId: uniqueName('verify'), topics: [topic], fromBeginning: true });
        await consumer.run({ eachBatch: async (batch) => void got.push(...batch.messages) });
        const deadline = Date.now() + 30_000;
        while (got.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
        await consumer.stop();
        expect(got.map((m) => m.value.toString())).toEqual(['kept-by-the-caller-1', 'kept-by-the-caller-2']);
      } finally {
        await Promise.all([bad.close(), good.close()]);
      }
    },
    60_000,
  );

  it('a Google token the broker refuses: the OAUTHBEARER challenge ends the login at once, naming the principal setting, never the token', async () => {
    const accessToken = `ya29.not-valid-here-${Date.now()}`;
    const tokenSource: GoogleTokenSource = {
      accessToken: async () => ({ token: accessToken, expiresAtMs: Date.now() + 3_600_000 }),
      principal: async () => 'streamer@acme-mdp-prod.iam.gserviceaccount.com',
    };
    const lines: string[] = [];
    // The dev broker validates unsigned JWTs only, so it refuses Google's alg GOOG_OAUTH2_TOKEN as Managed Kafka refuses a bad one.
    const stream = streamFromEnv({ ...saslSslEnv, KAFKA_SASL_MECHANISM: 'oauthbearer-google' }, lines, {
      googleTokenSource: tokenSource,
    });
    try {
      const { error, ms } = await securityFailure(() =>
        stream.producer().send(uniqueName('never'), [{ key: 'k', value: 'v' }]),
      );
      expect(error.message).toContain('invalid_token');
      expect(error.message).toContain('KAFKA_SASL_GOOGLE_PRINCIPAL');
      expect(error.message).toContain('roles/managedkafka.client');
      expect(ms).toBeLessThan(FAST_MS);
      const encoded = Buffer.from(accessToken).toString('base64url');
      for (const text of [error.message, JSON.stringify(error.context), ...lines]) {
        expect(text).not.toContain(accessToken);
        expect(text).not.toContain(encoded);
      }
    } finally {
      await stream.close();
    }
  }, 30_000);

  it.each([
    [
      'a CA that did not sign the broker certificate',
      () => writeFile('other-ca.pem', rootCertificates[0]!),
      'does not hold the CA that signed',
    ],
    ["no CA file (Node's default CAs)", () => undefined, 'set KAFKA_SSL_CA_FILE'],
  ])(
    'an untrusted certificate, %s: a clear error naming KAFKA_SSL_CA_FILE, at once',
    async (_label, caFile, why) => {
      const env: Record<string, string> = { ...scramEnv };
      const file = caFile();
      if (file === undefined) delete env.KAFKA_SSL_CA_FILE;
      else env.KAFKA_SSL_CA_FILE = file;
      const stream = streamFromEnv(env, []);
      try {
        for (const call of [
          () => stream.producer().send(uniqueName('never'), [{ key: 'k', value: 'v' }]),
          () => stream.createTopics([{ topic: uniqueName('never'), partitions: 1 }]),
        ]) {
          const { error, ms } = await securityFailure(call);
          expect(error.message).toContain('does not verify (self-signed certificate)');
          expect(error.message).toContain(why);
          expect(error.settings).toContain('KAFKA_SSL_CA_FILE');
          expect(error.retriable).toBe(false);
          expect(ms).toBeLessThan(FAST_MS);
        }
      } finally {
        await stream.close();
      }
    },
    30_000,
  );

  it('a PLAINTEXT client against the SASL_SSL listener fails at once, naming KAFKA_SECURITY_PROTOCOL, instead of retrying closed connections', async () => {
    const stream = streamFromEnv({ KAFKA_BROKERS: sasl.brokers.join(',') }, []);
    try {
      const { error, ms } = await securityFailure(() =>
        stream
          .consumer({ groupId: uniqueName('never'), topics: [uniqueName('never')], fromBeginning: true })
          .run({ eachBatch: async () => undefined }),
      );
      expect(error.message).toContain(`${sasl.brokers[0]} speaks TLS, but KAFKA_SECURITY_PROTOCOL is PLAINTEXT`);
      expect(error.settings).toContain('KAFKA_SECURITY_PROTOCOL');
      expect(ms).toBeLessThan(FAST_MS);
    } finally {
      await stream.close();
    }
  }, 30_000);

  it('a SASL_SSL client against the PLAINTEXT listener fails at once, naming KAFKA_SECURITY_PROTOCOL and KAFKA_BROKERS', async () => {
    const stream = streamFromEnv({ ...scramEnv, KAFKA_BROKERS: kafkaBrokers.join(',') }, []);
    try {
      const { error, ms } = await securityFailure(() =>
        stream.producer().send(uniqueName('never'), [{ key: 'k', value: 'v' }]),
      );
      expect(error.message).toContain(
        `${kafkaBrokers[0]} is a PLAINTEXT listener, but KAFKA_SECURITY_PROTOCOL=SASL_SSL`,
      );
      expect(error.settings).toEqual(['KAFKA_BROKERS', 'KAFKA_SECURITY_PROTOCOL']);
      expect(ms).toBeLessThan(FAST_MS);
    } finally {
      await stream.close();
    }
  }, 30_000);
});

function writeFile(name: string, content: string): string {
  const file = path.join(tempDir, name);
  fs.writeFileSync(file, content);
  return file;
}
