/**
 * A batch handler that runs longer than the session timeout (a slow warehouse flush) keeps its
 * group membership: the member heartbeats while the handler runs, so the group does not rebalance,
 * the batch is handled once and its offset commits. Without the heartbeat the coordinator evicts
 * the member after the session timeout, the commit fails and the batch comes again.
 */
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { createKafkaStream } from './kafka';
import { handlerHeartbeatMs } from './kafka-consumer';
import type { ConsumedMessage } from './types';

const { kafkaBrokers } = testEndpoints();
/** The broker's least allowed session timeout (group.min.session.timeout.ms, 6 s by default). */
const SESSION_TIMEOUT_MS = 6_000;
const HANDLER_MS = 2.5 * SESSION_TIMEOUT_MS;

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('kafka consumer: heartbeats while a batch handler runs', () => {
  it('heartbeats at a third of the session timeout', () => {
    expect(handlerHeartbeatMs(30_000)).toBe(10_000);
    expect(handlerHeartbeatMs(6_000)).toBe(2_000);
  });

  it(`a handler of ${HANDLER_MS / 1000} s with a ${SESSION_TIMEOUT_MS / 1000} s session: no rebalance, the batch once, its offset committed`, async () => {
    const stream = createKafkaStream({
      brokers: kafkaBrokers,
      clientId: uniqueName('heartbeat'),
      sessionTimeoutMs: SESSION_TIMEOUT_MS,
    });
    const topic = uniqueName('slow');
    const groupId = uniqueName('slow-sink');
    try {
      await stream.createTopics([{ topic, partitions: 1 }]);
      await stream.producer().send(topic, [{ key: 'a', value: Buffer.from('first') }]);
      const handled: ConsumedMessage[][] = [];
      const consumer = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
      await consumer.run({
        eachBatch: async (batch) => {
          handled.push(batch.messages);
          if (handled.length === 1) await new Promise((resolve) => setTimeout(resolve, HANDLER_MS));
        },
      });
      await until('the first batch', () => handled.length >= 1, 30_000);
      // Past the slow handler and then some: a redelivery would have come by now.
      await new Promise((resolve) => setTimeout(resolve, HANDLER_MS + SESSION_TIMEOUT_MS));
      expect(handled.map((batch) => batch.map((m) => m.value.toString()))).toEqual([['first']]);
      await stream.producer().send(topic, [{ key: 'b', value: Buffer.from('second') }]);
      await until('the second batch', () => handled.length >= 2, 30_000);
      expect(handled.map((batch) => batch.map((m) => m.value.toString()))).toEqual([['first'], ['second']]);
      await consumer.stop();

      // The first batch's offset committed: a new member of the group starts after both.
      const again: string[] = [];
      const next = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
      await stream.producer().send(topic, [{ key: 'c', value: Buffer.from('third') }]);
      await next.run({ eachBatch: async (batch) => void again.push(...batch.messages.map((m) => m.value.toString())) });
      await until('the third message', () => again.includes('third'), 30_000);
      expect(again).toEqual(['third']);
      await next.stop();
    } finally {
      await stream.close();
    }
  }, 120_000);
});
