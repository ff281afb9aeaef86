/**
 * `RunOptions.partitionsConsumedConcurrently`, on both implementations: batches of different
 * partitions are in flight together (never two of one partition), each commits on its own, and
 * the default stays one partition at a time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { ConfigError } from '../errors';
import { createFileLogStream } from './file-log';
import { createKafkaStream } from './kafka';
import type { Batch, ConsumedMessage, Stream } from './types';

const { kafkaBrokers } = testEndpoints();
const root = mkdtempSync(join(tmpdir(), 'stream-concurrency-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const PARTITIONS = 4;

async function until(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A handler that holds each batch until another partition's batch is in flight too (or
 * `holdMs` passed), recording the most batches and the most batches of one partition in flight.
 */
function overlapProbe(holdMs: number) {
  const inFlight = new Map<number, number>();
  const got: ConsumedMessage[] = [];
  let most = 0;
  let mostOfOnePartition = 0;
  const wake: (() => void)[] = [];
  const count = () => [...inFlight.values()].reduce((a, b) => a + b, 0);
  return {
    got,
    most: () => most,
    mostOfOnePartition: () => mostOfOnePartition,
    async eachBatch(batch: Batch): Promise<void> {
      inFlight.set(batch.partition, (inFlight.get(batch.partition) ?? 0) + 1);
      mostOfOnePartition = Math.max(mostOfOnePartition, inFlight.get(batch.partition)!);
      most = Math.max(most, count());
      wake.splice(0).forEach((w) => w());
      if (count() < 2) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, holdMs);
          wake.push(() => (clearTimeout(timer), resolve()));
        });
      }
      got.push(...batch.messages);
      inFlight.set(batch.partition, inFlight.get(batch.partition)! - 1);
    },
  };
}

const keyed = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `${prefix}-key-${i}`, value: `${prefix}-${i}` }));

const implementations: Array<[string, () => Stream]> = [
  [
    `Kafka (live: kafka brokers=${kafkaBrokers.join(',')})`,
    () => createKafkaStream({ brokers: kafkaBrokers, clientId: 'stream-concurrency' }),
  ],
  [`the file log (live: file-log in ${root})`, () => createFileLogStream({ dir: join(root, uniqueName('log')) })],
];

describe.each(implementations)('partitionsConsumedConcurrently on %s', (_name, makeStream) => {
  let stream: Stream;
  beforeAll(() => {
    stream = makeStream();
  });
  afterAll(async () => {
    await stream.close();
  });

  async function topicWith(messages: ReturnType<typeof keyed>): Promise<string> {
    const topic = uniqueName('concurrency').replace(/[^a-zA-Z0-9._-]/g, '_');
    await stream.createTopics([{ topic, partitions: PARTITIONS }]);
    const producer = stream.producer();
    await producer.send(topic, messages);
    await producer.close();
    return topic;
  }

  it('hands batches of different partitions over at once, never two of one partition, and commits each', async () => {
    const first = keyed('old', 80);
    const topic = await topicWith(first);
    const groupId = uniqueName('g');
    const probe = overlapProbe(10_000);
    const consumer = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => probe.eachBatch(batch), partitionsConsumedConcurrently: PARTITIONS });
    await until('80 messages', () => probe.got.length >= first.length);
    await consumer.stop();

    expect(probe.most()).toBeGreaterThanOrEqual(2);
    expect(probe.mostOfOnePartition()).toBe(1);
    expect(probe.got.map((m) => m.value.toString()).sort()).toEqual(first.map((m) => m.value).sort());
    for (let p = 0; p < PARTITIONS; p += 1) {
      const offsets = probe.got.filter((m) => m.partition === p).map((m) => Number(m.offset));
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }

    // Every batch committed: the next member gets only what is sent now (in every partition,
    // the old messages would come first if any had not been committed).
    const second = keyed('new', 80);
    const producer = stream.producer();
    await producer.send(topic, second);
    await producer.close();
    const next: ConsumedMessage[] = [];
    const resumed = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
    await resumed.run({
      eachBatch: async (batch) => void next.push(...batch.messages),
      partitionsConsumedConcurrently: 2,
    });
    await until('80 new messages', () => next.length >= second.length);
    await resumed.stop();
    expect(new Set(next.map((m) => m.partition)).size).toBe(PARTITIONS);
    expect(next.map((m) => m.value.toString()).sort()).toEqual(second.map((m) => m.value).sort());
  });

  it('by default handles one batch at a time', async () => {
    const messages = keyed('one', 40);
    const topic = await topicWith(messages);
    const probe = overlapProbe(150);
    const consumer = stream.consumer({ groupId: uniqueName('g'), topics: [topic], fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => probe.eachBatch(batch) });
    await until('40 messages', () => probe.got.length >= messages.length);
    await consumer.stop();
    expect(new Set(probe.got.map((m) => m.partition)).size).toBeGreaterThan(1);
    expect(probe.most()).toBe(1);
  });

  it.each([0, 1.5, -1])('rejects partitionsConsumedConcurrently=%p with a ConfigError', async (value) => {
    const consumer = stream.consumer({ groupId: uniqueName('g'), topics: ['unused-topic'], fromBeginning: true });
    await expect(
      consumer.run({ eachBatch: async () => undefined, partitionsConsumedConcurrently: value }),
    ).rejects.toBeInstanceOf(ConfigError);
    await consumer.stop();
  });
});
