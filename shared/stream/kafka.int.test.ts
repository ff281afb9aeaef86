import * as os from 'node:os';
import * as path from 'node:path';
import { startKafkaBroker } from '../../dev/services';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import type { LogFields, Logger } from '../log/types';
import { describeStreamContract } from '../testing/contracts/stream';
import { createKafkaStream } from './kafka';
import type { ConsumedMessage } from './types';

const { kafkaBrokers } = testEndpoints();

describeStreamContract(
  `stream contract on Kafka (live: kafka brokers=${kafkaBrokers.join(',')})`,
  () => createKafkaStream({ brokers: kafkaBrokers, clientId: 'stream-contract' }),
  { uniqueName },
);

/** A Logger that keeps every line, to show kafkajs's own logging arrives through ours. */
function capturingLogger(lines: Array<{ severity: string; message: string; fields?: LogFields }>): Logger {
  const at = (severity: string) => (message: string, fields?: LogFields) =>
    void lines.push({ severity, message, fields });
  const logger: Logger = {
    debug: at('DEBUG'),
    info: at('INFO'),
    warn: at('WARNING'),
    error: at('ERROR'),
    child: () => logger,
  };
  return logger;
}

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('Kafka producer across a broker restart (live: its own KRaft broker, restarted mid-test)', () => {
  it('the producer survives a broker restart without losing acknowledged messages', async () => {
    // Its own broker: restarting the shared one would disturb the other suites.
    const broker = await startKafkaBroker({
      logDir: process.env.TEST_STANDIN_LOG_DIR ?? path.join(os.tmpdir(), 'market-data-standins'),
    });
    const lines: Array<{ severity: string; message: string; fields?: LogFields }> = [];
    const stream = createKafkaStream({
      brokers: broker.brokers,
      clientId: 'restart-test',
      logger: capturingLogger(lines),
    });
    try {
      const topic = uniqueName('restart');
      await stream.createTopics([{ topic, partitions: 3 }]);
      const keys = ['AAPL', 'MSFT', 'NVDA', 'TSLA', 'AMZN', 'GOOG'];
      const acked = new Map<string, string[]>(keys.map((key) => [key, []]));
      const failures: unknown[] = [];
      let sent = 0;
      let producing = true;

      // Sends one small keyed batch at a time, continuously, recording what the broker acknowledged.
      const producer = stream.producer();
      const loop = (async () => {
        while (producing) {
          const batch = keys.map((key) => ({ key, value: `${key}-${sent}` }));
          sent += 1;
          try {
            await producer.send(topic, batch);
            for (const { key, value } of batch) acked.get(key)!.push(value);
          } catch (error) {
            failures.push(error);
          }
        }
      })();

      const ackedCount = () => [...acked.values()].reduce((n, values) => n + values.length, 0);
      await waitUntil('acknowledged sends before the restart', () => ackedCount() >= 60, 30_000);
      const beforeRestart = ackedCount();
      await broker.restart();
      await waitUntil('acknowledged sends after the restart', () => ackedCount() >= beforeRestart + 120, 120_000);
      producing = false;
      await loop;
      await producer.send(
        topic,
        keys.map((key) => ({ key, value: 'END' })),
      );
      await producer.close();

      const got: ConsumedMessage[] = [];
      const consumer = stream.consumer({ groupId: uniqueName('verify'), topics: [topic], fromBeginning: true });
      await consumer.run({ eachBatch: async (batch) => void got.push(...batch.messages) });
      // Each key's END follows all its earlier messages in its partition, so once every END arrived
      // nothing of that key is still on its way.
      await waitUntil(
        'every key END marker',
        () => keys.every((key) => got.some((m) => m.key === key && m.value.toString() === 'END')),
        60_000,
      );
      await consumer.stop();

      expect(failures).toEqual([]);
      for (const key of keys) {
        const values = got.filter((m) => m.key === key && m.value.toString() !== 'END').map((m) => m.value.toString());
        // Every acknowledged message, in send order, and (idempotent producer) no duplicate.
        expect(values).toEqual(acked.get(key));
      }
      expect(ackedCount()).toBeGreaterThanOrEqual(beforeRestart + 120);
      // kafkajs's own logging reached our Logger (the restart makes it complain about connections).
      expect(lines.some((line) => line.message.startsWith('kafkajs:'))).toBe(true);
    } finally {
      await stream.close();
      await broker.stop({ removeData: true });
    }
  }, 240_000);
});
