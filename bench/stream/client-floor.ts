/**
 * What the Kafka client alone costs: our `shared/stream` Kafka producer and consumer group (kafkajs
 * underneath) moving records of the articles' mean size with no other work, in this process. The
 * CPU it takes per 1000 records is part of the chain's cost that no change of ours can remove.
 */
import type { Stream } from '../../shared/stream';
import { processCpuSeconds } from '../process-cpu';

const cpuMs = (): number => processCpuSeconds() * 1000;

/** CPU ms per 1000 records, to produce (acks=all, idempotent, sends of `sendSize`) and to consume. */
export interface ClientCost {
  produceMsPer1000: number;
  consumeMsPer1000: number;
}

/**
 * Produces `records` values of `recordSize` bytes to `topic` (which must exist, empty) in sends of
 * `sendSize`, keyed over 500 keys as articles spread over partitions, then consumes them all with a
 * new group reading every partition at once; rejects if they do not all arrive within `timeoutMs`.
 */
export async function measureClientCost(
  stream: Stream,
  topic: string,
  partitions: number,
  records: number,
  recordSize: number,
  sendSize = 500,
  timeoutMs = 120_000,
): Promise<ClientCost> {
  const value = Buffer.alloc(recordSize, 'a');
  const producer = stream.producer();
  const produceStart = cpuMs();
  try {
    for (let sent = 0; sent < records; sent += sendSize) {
      const count = Math.min(sendSize, records - sent);
      await producer.send(
        topic,
        Array.from({ length: count }, (_, i) => ({ key: `k${(sent + i) % 500}`, value })),
      );
    }
  } finally {
    await producer.close();
  }
  const produceMs = cpuMs() - produceStart;
  const group = stream.consumer({ groupId: `${topic}-client-floor`, topics: [topic], fromBeginning: true });
  let received = 0;
  let consumeStart: number | undefined;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => (done = resolve));
  let timer: NodeJS.Timeout | undefined;
  try {
    await group.run({
      partitionsConsumedConcurrently: partitions,
      eachBatch: async (batch) => {
        // From the first batch on: the group's join is a fixed cost, not a per-record one.
        consumeStart ??= cpuMs();
        received += batch.messages.length;
        if (received >= records) done();
      },
    });
    await Promise.race([
      all,
      new Promise(
        (_, reject) =>
          (timer = setTimeout(
            () => reject(new Error(`client floor: ${received} of ${records} records consumed in ${timeoutMs} ms`)),
            timeoutMs,
          )),
      ),
    ]);
  } finally {
    clearTimeout(timer);
    await group.stop();
  }
  const consumeMs = cpuMs() - (consumeStart ?? cpuMs());
  return { produceMsPer1000: (produceMs * 1000) / records, consumeMsPer1000: (consumeMs * 1000) / records };
}
