import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, Partitioners, logLevel } from 'kafkajs';
import { uniqueName } from '../../test/harness/endpoints';
import { startKafkaBroker, type KafkaBrokerHandle } from './kafka';

// Its own broker, not the shared one: restarting the shared broker would disturb other suites.
describe('startKafkaBroker restart()', () => {
  let broker: KafkaBrokerHandle;

  beforeAll(async () => {
    broker = await startKafkaBroker({
      logDir: process.env.TEST_STANDIN_LOG_DIR ?? path.join(os.tmpdir(), 'market-data-standins'),
    });
  }, 120_000);

  afterAll(async () => {
    await broker?.stop({ removeData: true });
  });

  it('keeps an acknowledged message across a restart on the same port and data dir', async () => {
    const topic = uniqueName('restart');
    const kafka = new Kafka({ clientId: 'restart-test', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const [ack] = await producer.send({ topic, acks: -1, messages: [{ key: 'k', value: 'before restart' }] });
    await producer.disconnect();

    const brokersBefore = [...broker.brokers];
    await broker.restart();

    // A fresh client after the restart: it can only see what the broker kept on disk.
    const after = new Kafka({
      clientId: 'restart-test-after',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await after.connect();
    const offsets = await after.fetchTopicOffsets(topic);
    await after.disconnect();
    const consumer = new Kafka({
      clientId: 'restart-reader',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    }).consumer({
      groupId: uniqueName('restart-group'),
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const value = await new Promise<string | undefined>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value?.toString()) });
    });
    await consumer.disconnect();

    expect(broker.brokers).toEqual(brokersBefore);
    expect(ack?.baseOffset).toBe('0');
    expect(offsets).toEqual([expect.objectContaining({ partition: 0, low: '0', high: '1' })]);
    expect(value).toBe('before restart');
  }, 120_000);
});
