/**
 * The stream contract: one suite, run unchanged against every implementation of `Stream` (the file
 * log and a real Kafka broker), as dlt runs one suite against every destination. Each test uses its
 * own topics and groups, waits on deliveries with a deadline (never a fixed sleep), and proves
 * "nothing more arrived" by ordering (a single-partition topic plus a later sentinel), not by waiting.
 */
import { ConfigError } from '../../errors';
import type { ConsumedMessage, ConsumerGroup, ConsumerGroupOptions, RunOptions, Stream } from '../../stream';

/** Options of {@link describeStreamContract}. */
export interface StreamContractOptions {
  /** A name no other test uses (pass test/harness's `uniqueName`); a local equivalent by default. */
  uniqueName?: (prefix: string) => string;
  /** How long to wait for an expected delivery. Default 30 s (a Kafka group join can take seconds). */
  deliveryTimeoutMs?: number;
}

interface Collector {
  readonly messages: ConsumedMessage[];
  readonly consumer: ConsumerGroup;
  /** Resolves when `done(messages)` holds; rejects with `what` after the deadline. */
  waitFor(what: string, done: (messages: ConsumedMessage[]) => boolean): Promise<void>;
}

const localUniqueName = (prefix: string) =>
  `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;

/** Registers the contract's tests under `describe(name)`; `makeStream` runs once, in beforeAll. */
export function describeStreamContract(
  name: string,
  makeStream: () => Stream | Promise<Stream>,
  options: StreamContractOptions = {},
): void {
  const uniqueName = options.uniqueName ?? localUniqueName;
  const timeoutMs = options.deliveryTimeoutMs ?? 30_000;

  describe(name, () => {
    let stream: Stream;
    const running: ConsumerGroup[] = [];

    beforeAll(async () => {
      stream = await makeStream();
    });
    afterEach(async () => {
      await Promise.all(running.splice(0).map((consumer) => consumer.stop()));
    });
    afterAll(async () => {
      await stream?.close();
    });

    const topic = async (partitions: number) => {
      const name = uniqueName('contract').replace(/[^a-zA-Z0-9._-]/g, '_');
      await stream.createTopics([{ topic: name, partitions }]);
      return name;
    };

    async function collect(opts: ConsumerGroupOptions, handle?: RunOptions['eachBatch']): Promise<Collector> {
      const messages: ConsumedMessage[] = [];
      const consumer = stream.consumer(opts);
      running.push(consumer);
      await consumer.run({
        eachBatch: async (batch) => {
          if (handle) await handle(batch);
          messages.push(...batch.messages);
        },
      });
      return {
        messages,
        consumer,
        waitFor: async (what, done) => {
          const deadline = Date.now() + timeoutMs;
          while (!done(messages)) {
            if (Date.now() > deadline)
              throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${messages.length} messages`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        },
      };
    }

    const values = (messages: ConsumedMessage[]) => messages.map((m) => m.value.toString('utf8'));
    const send = async (t: string, keyed: Array<[string, string]>) => {
      const producer = stream.producer();
      try {
        await producer.send(
          t,
          keyed.map(([key, value]) => ({ key, value })),
        );
      } finally {
        await producer.close();
      }
    };

    it('delivers keyed messages in send order within each partition, and one key always to one partition', async () => {
      const t = await topic(3);
      const keys = Array.from({ length: 12 }, (_, i) => `key-${i}`);
      const first = keys.flatMap((key) => [1, 2].map((n): [string, string] => [key, `${key}:${n}`]));
      const second = keys.flatMap((key) => [3, 4].map((n): [string, string] => [key, `${key}:${n}`]));
      const before = Date.now();
      await send(t, first);
      await send(t, second);

      const got = await collect({ groupId: uniqueName('g'), topics: [t], fromBeginning: true });
      await got.waitFor('48 messages', (m) => m.length >= 48);

      expect(got.messages).toHaveLength(48);
      expect(new Set(values(got.messages))).toEqual(new Set([...first, ...second].map(([, v]) => v)));
      for (const key of keys) {
        const ofKey = got.messages.filter((m) => m.key === key);
        expect(values(ofKey)).toEqual([1, 2, 3, 4].map((n) => `${key}:${n}`));
        expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      }
      const partitions = new Set(got.messages.map((m) => m.partition));
      expect(partitions.size).toBeGreaterThan(1);
      for (const partition of partitions) {
        const offsets = got.messages.filter((m) => m.partition === partition).map((m) => BigInt(m.offset));
        expect(offsets).toEqual(offsets.map((_, i) => BigInt(i)));
      }
      for (const m of got.messages) {
        expect(m.topic).toBe(t);
        expect(Buffer.isBuffer(m.value)).toBe(true);
        expect(m.timestamp).toBeGreaterThanOrEqual(before - 5_000);
        expect(m.timestamp).toBeLessThanOrEqual(Date.now() + 5_000);
      }
    });

    it('round-trips headers and binary values', async () => {
      const t = await topic(1);
      const binary = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
      const headers = { 'content-type': 'application/json', source: 'contract', unicode: 'é ✓ 株' };
      const producer = stream.producer();
      await producer.send(t, [
        { key: 'a', value: binary, headers },
        { key: 'b', value: '{"x":1}' },
      ]);
      await producer.close();

      const got = await collect({ groupId: uniqueName('g'), topics: [t], fromBeginning: true });
      await got.waitFor('2 messages', (m) => m.length >= 2);
      expect(got.messages[0]!.value.equals(binary)).toBe(true);
      expect(got.messages[0]!.headers).toEqual(headers);
      expect(got.messages[1]!.value.toString('utf8')).toBe('{"x":1}');
      expect(got.messages[1]!.headers).toEqual({});
    });

    it('a later member of the same group resumes after the last commit, with no redelivery', async () => {
      const t = await topic(1);
      const groupId = uniqueName('g');
      await send(
        t,
        Array.from({ length: 10 }, (_, i): [string, string] => ['k', `old-${i}`]),
      );
      const first = await collect({ groupId, topics: [t], fromBeginning: true });
      await first.waitFor('10 old messages', (m) => m.length >= 10);
      await first.consumer.stop();

      await send(
        t,
        Array.from({ length: 5 }, (_, i): [string, string] => ['k', `new-${i}`]),
      );
      const second = await collect({ groupId, topics: [t], fromBeginning: true });
      await second.waitFor('5 new messages', (m) => m.length >= 5);

      expect(values(first.messages)).toEqual(Array.from({ length: 10 }, (_, i) => `old-${i}`));
      expect(values(second.messages)).toEqual(Array.from({ length: 5 }, (_, i) => `new-${i}`));
      expect(second.messages[0]!.offset).toBe('10');
    });

    it('a different group sees every message, whatever other groups committed', async () => {
      const t = await topic(2);
      const sent = Array.from({ length: 20 }, (_, i): [string, string] => [`k${i % 5}`, `m-${i}`]);
      await send(t, sent);
      const one = await collect({ groupId: uniqueName('g'), topics: [t], fromBeginning: true });
      await one.waitFor('20 messages in group one', (m) => m.length >= 20);
      await one.consumer.stop();

      const two = await collect({ groupId: uniqueName('g'), topics: [t], fromBeginning: true });
      await two.waitFor('20 messages in group two', (m) => m.length >= 20);
      expect(new Set(values(two.messages))).toEqual(new Set(sent.map(([, v]) => v)));
      expect(two.messages).toHaveLength(20);
    });

    it('at least once: messages handled but not committed (the member died) go to the next member', async () => {
      const t = await topic(1);
      const groupId = uniqueName('g');
      await send(
        t,
        Array.from({ length: 5 }, (_, i): [string, string] => ['k', `m-${i}`]),
      );

      // The member records the batch, then "dies" before its commit: its handler throws every time.
      const handledByDead: ConsumedMessage[] = [];
      const dead = await collect({ groupId, topics: [t], fromBeginning: true }, async (batch) => {
        handledByDead.push(...batch.messages);
        throw new Error('simulated crash after processing, before the commit');
      });
      await dead.waitFor('the doomed member to handle the batch', () => handledByDead.length >= 5);
      await dead.consumer.stop();
      expect(dead.messages).toHaveLength(0);

      const next = await collect({ groupId, topics: [t], fromBeginning: true });
      await next.waitFor('the 5 uncommitted messages again', (m) => m.length >= 5);
      expect(values(next.messages)).toEqual(values(handledByDead.slice(0, 5)));
      expect(next.messages[0]!.offset).toBe('0');
      await next.consumer.stop();

      // Once a member succeeded, its commit holds: the member after it starts at the sentinel.
      await send(t, [['k', 'sentinel']]);
      const after = await collect({ groupId, topics: [t], fromBeginning: true });
      await after.waitFor('the sentinel', (m) => m.length >= 1);
      expect(values(after.messages)).toEqual(['sentinel']);
      expect(after.messages[0]!.offset).toBe('5');
    });

    it('redelivers a batch to the same member after its handler throws', async () => {
      const t = await topic(1);
      await send(
        t,
        Array.from({ length: 3 }, (_, i): [string, string] => ['k', `m-${i}`]),
      );
      let failures = 0;
      const got = await collect({ groupId: uniqueName('g'), topics: [t], fromBeginning: true }, async () => {
        if (failures === 0) {
          failures += 1;
          throw new Error('transient handler failure');
        }
      });
      await got.waitFor('the batch after one failure', (m) => m.length >= 3);
      expect(failures).toBe(1);
      expect(values(got.messages).slice(0, 3)).toEqual(['m-0', 'm-1', 'm-2']);
      expect(got.messages[0]!.offset).toBe('0');
    });

    it('rejects illegal topic names before touching the backend', async () => {
      expect.assertions(3);
      await expect(stream.createTopics([{ topic: 'bad name', partitions: 1 }])).rejects.toBeInstanceOf(ConfigError);
      await expect(stream.createTopics([{ topic: '..', partitions: 1 }])).rejects.toBeInstanceOf(ConfigError);
      const producer = stream.producer();
      try {
        await expect(producer.send('a/b', [{ key: 'k', value: 'v' }])).rejects.toBeInstanceOf(ConfigError);
      } finally {
        await producer.close();
      }
    });

    it('describes itself by kind', () => {
      expect(stream.describe()).toContain(stream.kind);
    });
  });
}
