import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Logger } from '../log/types';
import { StorageError } from '../errors';
import { FileLogConsumer } from './file-log-consumer';
import { GroupRegistry } from './group-registry';
import { OffsetStore } from './offset-store';
import { partitionForKey } from './partition-for-key';
import { SegmentWriter } from './segment-writer';
import { silentLogger } from './silent-logger';
import { assertPartitionCount, assertTopicName } from './topic-name';
import { Waker } from './waker';
import type {
  ConsumerGroup,
  ConsumerGroupOptions,
  OutgoingMessage,
  Producer,
  Stream,
  StreamMessage,
  TopicSpec,
} from './types';

/** Options of {@link createFileLogStream}; only `dir` is required. */
export interface FileLogStreamOptions {
  /** Root directory: `topics/<topic>/<partition>.log` segments and `groups/<group>/` offsets. */
  dir: string;
  logger?: Logger;
  /** How often an idle consumer looks for records appended by another process. Default 200 ms. */
  pollIntervalMs?: number;
  /** Most messages per batch. Default 500. */
  maxBatchMessages?: number;
  /** First back-off after a failed batch (doubles per failure, at most 30 s). Default 200 ms. */
  retryBackoffMs?: number;
}

/**
 * The embedded stream, used when no Kafka broker is configured: one append-only segment file per
 * topic-partition, consumer-group offsets in small files, everything durable across restarts (a new
 * instance on the same directory sees the old messages and commits).
 *
 * Limits: ONE process and ONE stream instance per directory. Appends are serialized within the
 * instance only, and group membership (which member reads which partition) lives in its memory.
 * Consumers find a committed offset by scanning the segment from its start, which suits a laptop's
 * volumes, not a production log.
 */
export function createFileLogStream(options: FileLogStreamOptions): Stream {
  const dir = resolve(options.dir);
  const logger = (options.logger ?? silentLogger()).child({ component: 'stream', backend: 'file-log' });
  const waker = new Waker();
  const registry = new GroupRegistry();
  const offsets = new OffsetStore(dir);
  const writers = new Map<string, Promise<SegmentWriter>>();
  const partitionCounts = new Map<string, number>();
  const consumers = new Set<FileLogConsumer>();
  const producers = new Set<Producer>();

  const topicDir = (topic: string) => join(dir, 'topics', topic);
  const segmentPath = (topic: string, partition: number) => join(topicDir(topic), `${partition}.log`);

  async function partitionCount(topic: string): Promise<number> {
    const known = partitionCounts.get(topic);
    if (known !== undefined) return known;
    let text: string;
    try {
      text = await readFile(join(topicDir(topic), 'topic.json'), 'utf8');
    } catch (error) {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      throw new StorageError(
        missing
          ? `file log: topic ${topic} does not exist (create it with createTopics)`
          : `file log: cannot read topic ${topic}`,
        {
          retriable: !missing,
          cause: error,
          context: { topic, dir },
        },
      );
    }
    const { partitions } = JSON.parse(text) as { partitions: number };
    partitionCounts.set(topic, partitions);
    return partitions;
  }

  function writer(topic: string, partition: number): Promise<SegmentWriter> {
    const key = `${topic}/${partition}`;
    let opened = writers.get(key);
    if (!opened) {
      opened = SegmentWriter.open(segmentPath(topic, partition), logger);
      // A failed open is not cached, so the next send tries again.
      opened.catch(() => writers.delete(key));
      writers.set(key, opened);
    }
    return opened;
  }

  async function append(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    assertTopicName(topic);
    if (messages.length === 0) return;
    const partitions = await partitionCount(topic);
    const byPartition = new Map<number, StreamMessage[]>();
    const timestamp = Date.now();
    for (const message of messages) {
      const partition = partitionForKey(message.key, partitions);
      const stored: StreamMessage = {
        key: message.key,
        value: typeof message.value === 'string' ? Buffer.from(message.value, 'utf8') : message.value,
        headers: { ...(message.headers ?? {}) },
        timestamp,
      };
      byPartition.set(partition, [...(byPartition.get(partition) ?? []), stored]);
    }
    try {
      await Promise.all(
        [...byPartition].map(async ([partition, batch]) => (await writer(topic, partition)).append(batch)),
      );
    } finally {
      waker.wake();
    }
  }

  return {
    kind: 'file-log',
    describe: () => `file-log dir=${dir}`,

    async createTopics(topics: readonly TopicSpec[]): Promise<void> {
      for (const { topic, partitions } of topics) {
        assertTopicName(topic);
        assertPartitionCount(topic, partitions);
        const existing = await partitionCount(topic).catch(() => undefined);
        if (existing !== undefined) {
          if (existing !== partitions)
            logger.warn('file log: topic exists with another partition count; left as it is', {
              topic,
              existing,
              requested: partitions,
            });
          continue;
        }
        await writeFileAtomic(join(topicDir(topic), 'topic.json'), `${JSON.stringify({ partitions })}\n`);
        partitionCounts.set(topic, partitions);
      }
    },

    producer(): Producer {
      let closed = false;
      const producer: Producer = {
        async send(topic, messages) {
          if (closed)
            throw new StorageError('file log: send on a closed producer', { retriable: false, context: { topic } });
          await append(topic, messages);
        },
        async close() {
          closed = true;
          producers.delete(producer);
        },
      };
      producers.add(producer);
      return producer;
    },

    consumer(opts: ConsumerGroupOptions): ConsumerGroup {
      const consumer = new FileLogConsumer(opts, {
        registry,
        offsets,
        waker,
        logger,
        segmentPath,
        partitionCount,
        pollIntervalMs: options.pollIntervalMs ?? 200,
        maxBatchMessages: options.maxBatchMessages ?? 500,
        retryBackoffMs: options.retryBackoffMs ?? 200,
      });
      consumers.add(consumer);
      return consumer;
    },

    async close(): Promise<void> {
      await Promise.all([...consumers].map((consumer) => consumer.stop()));
      consumers.clear();
      await Promise.all([...producers].map((producer) => producer.close()));
      const opened = [...writers.values()];
      writers.clear();
      await Promise.all(opened.map((w) => w.then((segment) => segment.close()).catch(() => undefined)));
    },
  };
}

/** Writes `text` to `path` so that a crash leaves the old file or the whole new one. */
async function writeFileAtomic(path: string, text: string): Promise<void> {
  const dir = join(path, '..');
  await mkdir(dir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
