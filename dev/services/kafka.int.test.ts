import { Kafka, Partitioners, logLevel, type EachMessagePayload } from 'kafkajs';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';

// Smoke test of the shared KRaft broker through kafkajs: topic admin, produce, and a consumer group
// (which needs a working group coordinator, the usual failure of a misconfigured single node).
describe('kafka broker stand-in', () => {
  const { kafkaBrokers } = testEndpoints();
  const kafka = new Kafka({ clientId: 'smoke', brokers: kafkaBrokers, logLevel: logLevel.WARN });

  it('produces a message and consumes it through a consumer group', async () => {
    const topic = uniqueName('smoke');
    const admin = kafka.admin();
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    const consumer = kafka.consumer({ groupId: uniqueName('smoke-group') });
    try {
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
      await producer.connect();
      const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: 'AAPL', value: 'hello kafka' }] });

      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const received = new Promise<EachMessagePayload>((resolve) => {
        void consumer.run({ eachMessage: async (payload) => resolve(payload) });
      });
      const { message, partition } = await received;

      expect(ack?.errorCode).toBe(0);
      expect(partition).toBe(ack?.partition);
      expect(message.key?.toString()).toBe('AAPL');
      expect(message.value?.toString()).toBe('hello kafka');
    } finally {
      await consumer.disconnect();
      await producer.disconnect();
      await admin.disconnect();
    }
  });
});
