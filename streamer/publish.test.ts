/**
 * The publisher's send sizing, on the real file-log stream (a temp dir): sends stay under the
 * count and byte limits (one oversized message still goes alone), and everything arrives once,
 * in order per key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replayNewsArticle, toStreamMessage } from '../dev/replay-news/articles';
import { createSilentLogger } from '../shared/log';
import {
  createFileLogStream,
  type ConsumedMessage,
  type OutgoingMessage,
  type Producer,
  type Stream,
} from '../shared/stream';
import { Publisher } from './publish';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The real producer, recording the value bytes of each send. */
function recording(producer: Producer, sends: number[][]): Producer {
  return {
    send: (topic: string, messages: readonly OutgoingMessage[]) => {
      sends.push(messages.map((m) => Buffer.byteLength(m.value)));
      return producer.send(topic, messages);
    },
    close: () => producer.close(),
  };
}

async function readAll(stream: Stream, topic: string, count: number): Promise<ConsumedMessage[]> {
  const got: ConsumedMessage[] = [];
  const consumer = stream.consumer({ groupId: 'check', topics: [topic], fromBeginning: true });
  await consumer.run({ eachBatch: async (batch) => void got.push(...batch.messages) });
  const deadline = Date.now() + 10_000;
  while (got.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
  await consumer.stop();
  return got;
}

describe('Publisher send sizing', () => {
  let stream: Stream;
  beforeEach(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'publisher-'));
    dirs.push(dir);
    stream = createFileLogStream({ dir, pollIntervalMs: 20 });
    await stream.createTopics([
      { topic: 'news', partitions: 2 },
      { topic: 'news.dlq', partitions: 1 },
    ]);
  });
  afterEach(() => stream.close());

  it('keeps each send within maxBatch and maxBatchBytes, and delivers every article once, in order', async () => {
    const sends: number[][] = [];
    const maxBatchBytes = 4_000;
    const publisher = new Publisher({
      producer: recording(stream.producer(), sends),
      topic: 'news',
      dlqTopic: 'news.dlq',
      logger: createSilentLogger(),
      now: Date.now,
      maxBatch: 7,
      maxBatchBytes,
    });
    const records = Array.from({ length: 60 }, (_, i) =>
      toStreamMessage(replayNewsArticle(i, Date.parse('2024-09-17T09:00:00Z'))),
    );
    // One article far over the byte limit: it must still go (alone), not stall the queue.
    records[30] = { ...records[30]!, content: 'x'.repeat(3 * maxBatchBytes) };
    for (const record of records) expect(publisher.accept(record, 'stream', Date.now())).toBe('queued');
    await publisher.flush();

    expect(sends.flat()).toHaveLength(60);
    expect(sends.length).toBeGreaterThan(60 / 7);
    for (const send of sends) {
      expect(send.length).toBeLessThanOrEqual(7);
      if (send.length > 1) expect(send.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(maxBatchBytes);
    }
    expect(sends.some((send) => send.length === 1 && send[0]! > maxBatchBytes)).toBe(true);
    expect(publisher.stats()).toMatchObject({ published: 60, pending: 0 });

    const got = await readAll(stream, 'news', 60);
    expect(got.map((m) => Number(m.key)).sort((a, b) => a - b)).toEqual(records.map((r) => r.id));
    for (const partition of [0, 1]) {
      const keys = got.filter((m) => m.partition === partition).map((m) => Number(m.key));
      expect(keys).toEqual([...keys].sort((a, b) => a - b));
    }
  });
});
