import { loadConfig } from '../config';
import { testKafkaSasl, uniqueName } from '../../test/harness/endpoints';
import { describeStreamContract } from '../testing/contracts/stream';
import { createStream } from './index';
import type { ConsumedMessage } from './types';

const sasl = testKafkaSasl();

/** A stream built the way the streamer builds one: environment -> loadConfig -> createStream. */
function streamFromEnv(env: Record<string, string>) {
  return createStream(
    loadConfig({
      KAFKA_BROKERS: sasl.brokers.join(','),
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SSL_CA_FILE: sasl.caFile,
      ...env,
    }).stream,
  );
}

describeStreamContract(
  `stream contract on Kafka over SASL_SSL with SCRAM-SHA-512 (live: kafka brokers=${sasl.brokers.join(',')})`,
  () =>
    streamFromEnv({
      KAFKA_CLIENT_ID: 'contract-scram',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: sasl.scram.username,
      KAFKA_SASL_PASSWORD: sasl.scram.password,
    }),
  { uniqueName },
);

describeStreamContract(
  `stream contract on Kafka over SASL_SSL with PLAIN (live: kafka brokers=${sasl.brokers.join(',')})`,
  () =>
    streamFromEnv({
      KAFKA_CLIENT_ID: 'contract-plain',
      KAFKA_SASL_MECHANISM: 'plain',
      KAFKA_SASL_USERNAME: sasl.plain.username,
      KAFKA_SASL_PASSWORD: sasl.plain.password,
    }),
  { uniqueName },
);

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe(`Kafka over SASL_SSL, the other mechanisms (live: kafka brokers=${sasl.brokers.join(',')})`, () => {
  it.each([
    [
      'OAUTHBEARER (unsigned tokens through the refreshing provider, the path oauthbearer-google takes)',
      { KAFKA_SASL_MECHANISM: 'oauthbearer-unsecured-dev-only', KAFKA_SASL_USERNAME: sasl.oauthPrincipal },
    ],
    [
      'SCRAM-SHA-256',
      {
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: sasl.scram.username,
        KAFKA_SASL_PASSWORD: sasl.scram.password,
      },
    ],
  ])(
    '%s: produce, then consume the same messages in order',
    async (_label, env) => {
      const stream = streamFromEnv({ KAFKA_CLIENT_ID: uniqueName('round-trip'), ...env });
      try {
        expect(stream.describe()).toContain(`mechanism=${env.KAFKA_SASL_MECHANISM}`);
        const topic = uniqueName('sasl_round_trip');
        await stream.createTopics([{ topic, partitions: 1 }]);
        const producer = stream.producer();
        const sent = Array.from({ length: 20 }, (_, i) => ({ key: `k${i % 3}`, value: `message-${i}` }));
        await producer.send(topic, sent.slice(0, 10));
        await producer.send(topic, sent.slice(10));
        await producer.close();

        const got: ConsumedMessage[] = [];
        const consumer = stream.consumer({ groupId: uniqueName('sasl_group'), topics: [topic], fromBeginning: true });
        await consumer.run({ eachBatch: async (batch) => void got.push(...batch.messages) });
        await waitUntil('all 20 messages', () => got.length >= sent.length, 30_000);
        await consumer.stop();
        expect(got.map((m) => ({ key: m.key, value: m.value.toString() }))).toEqual(sent);
      } finally {
        await stream.close();
      }
    },
    60_000,
  );
});
