import { mkdtempSync, rmSync, truncateSync, appendFileSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { uniqueName } from '../../test/harness/endpoints';
import { describeStreamContract } from '../testing/contracts/stream';
import { createFileLogStream } from './file-log';
import type { ConsumedMessage, Stream } from './types';

const root = mkdtempSync(join(tmpdir(), 'file-log-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describeStreamContract(
  `stream contract on the file log (live: file-log in ${root})`,
  () => createFileLogStream({ dir: join(root, 'contract') }),
  {
    uniqueName,
  },
);

/** Runs a consumer until `count` messages arrived (deadline 10 s), then stops it. */
async function consume(stream: Stream, groupId: string, topic: string, count: number): Promise<ConsumedMessage[]> {
  const got: ConsumedMessage[] = [];
  const consumer = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
  await consumer.run({ eachBatch: async (batch) => void got.push(...batch.messages) });
  const deadline = Date.now() + 10_000;
  while (got.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await consumer.stop();
  return got;
}

describe(`file log specifics (live: file-log in ${root})`, () => {
  it('is durable across instances: a new instance on the same dir sees old messages and commits', async () => {
    const dir = join(root, uniqueName('durable'));
    const topic = 'news';
    const first = createFileLogStream({ dir });
    await first.createTopics([{ topic, partitions: 2 }]);
    const producer = first.producer();
    await producer.send(
      topic,
      [1, 2, 3, 4].map((i) => ({ key: `k${i}`, value: `v${i}` })),
    );
    expect(await consume(first, 'sink', topic, 4)).toHaveLength(4);
    await producer.send(topic, [{ key: 'k1', value: 'v5' }]);
    await first.close();

    const second = createFileLogStream({ dir });
    const sinkResumes = await consume(second, 'sink', topic, 1);
    expect(sinkResumes.map((m) => m.value.toString())).toEqual(['v5']);
    const fresh = await consume(second, 'analyst', topic, 5);
    expect(fresh.map((m) => m.value.toString()).sort()).toEqual(['v1', 'v2', 'v3', 'v4', 'v5']);
    await second.close();
  });

  it('ignores a torn trailing record after a crash and appends after the last whole one', async () => {
    const dir = join(root, uniqueName('torn'));
    const topic = 'prices';
    const before = createFileLogStream({ dir });
    await before.createTopics([{ topic, partitions: 1 }]);
    const producer = before.producer();
    await producer.send(topic, [
      { key: 'a', value: 'whole-1' },
      { key: 'a', value: 'whole-2' },
    ]);
    await before.close();

    // A crash mid-write: half of a third record, with no newline.
    const segment = join(dir, 'topics', topic, '0.log');
    const whole = statSync(segment).size;
    const line = readFileSync(segment, 'utf8').split('\n')[0]!;
    appendFileSync(segment, line.replace('whole-1', 'torn').slice(0, 30));

    const after = createFileLogStream({ dir });
    expect((await consume(after, 'g1', topic, 2)).map((m) => m.value.toString())).toEqual(['whole-1', 'whole-2']);
    await after.producer().send(topic, [{ key: 'a', value: 'whole-3' }]);
    const all = await consume(after, 'g2', topic, 3);
    expect(all.map((m) => [m.offset, m.value.toString()])).toEqual([
      ['0', 'whole-1'],
      ['1', 'whole-2'],
      ['2', 'whole-3'],
    ]);
    expect(readFileSync(segment, 'utf8')).not.toContain('torn');
    expect(statSync(segment).size).toBeGreaterThan(whole);
    await after.close();
  });

  it('ignores a whole-length trailing record whose checksum fails (zero-filled by a crash)', async () => {
    const dir = join(root, uniqueName('zeros'));
    const topic = 'news';
    const stream = createFileLogStream({ dir });
    await stream.createTopics([{ topic, partitions: 1 }]);
    await stream.producer().send(topic, [
      { key: 'a', value: 'ok' },
      { key: 'a', value: 'lost' },
    ]);
    await stream.close();
    const segment = join(dir, 'topics', topic, '0.log');
    const [firstLine] = readFileSync(segment, 'utf8').split('\n');
    truncateSync(segment, Buffer.byteLength(firstLine!) + 1);
    appendFileSync(segment, `${'\0'.repeat(40)}\n`);

    const reopened = createFileLogStream({ dir });
    expect((await consume(reopened, 'g', topic, 1)).map((m) => m.value.toString())).toEqual(['ok']);
    await reopened.producer().send(topic, [{ key: 'a', value: 'next' }]);
    const all = await consume(reopened, 'g2', topic, 2);
    expect(all.map((m) => [m.offset, m.value.toString()])).toEqual([
      ['0', 'ok'],
      ['1', 'next'],
    ]);
    await reopened.close();
  });

  it('gives each partition to one member when two members of a group run in one process', async () => {
    const stream = createFileLogStream({ dir: join(root, uniqueName('split')) });
    const topic = 'split';
    await stream.createTopics([{ topic, partitions: 4 }]);
    const byMember: ConsumedMessage[][] = [[], []];
    const members = [0, 1].map((i) => {
      const consumer = stream.consumer({ groupId: 'g', topics: [topic], fromBeginning: true });
      return {
        consumer,
        run: () => consumer.run({ eachBatch: async (batch) => void byMember[i]!.push(...batch.messages) }),
      };
    });
    await Promise.all(members.map((m) => m.run()));
    await stream.producer().send(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ key: `key-${i}`, value: `${i}` })),
    );
    const deadline = Date.now() + 10_000;
    while (byMember[0]!.length + byMember[1]!.length < 40 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 10));

    const partitionsOf = (messages: ConsumedMessage[]) => new Set(messages.map((m) => m.partition));
    expect(byMember[0]!.length + byMember[1]!.length).toBe(40);
    expect(partitionsOf(byMember[0]!).size).toBeGreaterThan(0);
    expect(partitionsOf(byMember[1]!).size).toBeGreaterThan(0);
    expect([...partitionsOf(byMember[0]!)].filter((p) => partitionsOf(byMember[1]!).has(p))).toEqual([]);
    await stream.close();
  });

  it('rejects a send to a topic that was never created, as terminal', async () => {
    expect.assertions(2);
    const stream = createFileLogStream({ dir: join(root, uniqueName('missing')) });
    try {
      await stream.producer().send('nope', [{ key: 'k', value: 'v' }]);
    } catch (error) {
      expect((error as Error).name).toBe('StorageError');
      expect((error as { retriable: boolean }).retriable).toBe(false);
    }
    await stream.close();
  });
});
