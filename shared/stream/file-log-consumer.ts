import type { Logger } from '../log/types';
import { IngestError, StorageError } from '../errors';
import type { GroupRegistry, Member, Cursor } from './group-registry';
import type { OffsetStore } from './offset-store';
import { locateOffset, readRecords, type StoredRecord } from './segment';
import type { Waker } from './waker';
import type { ConsumedMessage, ConsumerGroup, ConsumerGroupOptions, RunOptions } from './types';
import { partitionConcurrency } from './run-options';
import { assertTopicName } from './topic-name';

/** What a file-log consumer needs from the stream that made it. */
export interface FileLogConsumerDeps {
  registry: GroupRegistry;
  offsets: OffsetStore;
  waker: Waker;
  logger: Logger;
  segmentPath(topic: string, partition: number): string;
  partitionCount(topic: string): Promise<number>;
  pollIntervalMs: number;
  maxBatchMessages: number;
  /** First back-off after a failed batch; doubles per consecutive failure up to 30 s. */
  retryBackoffMs: number;
}

/**
 * A file-log consumer group member: loops over the partitions it owns, reads a batch from the committed
 * position, hands it to `eachBatch`, and only then commits (temp file + rename). A failing handler
 * leaves the position where it was, so the batch comes again after a back-off. With
 * `partitionsConsumedConcurrently` N, up to N partitions of a round are polled at once.
 */
export class FileLogConsumer implements ConsumerGroup {
  private running = false;
  private member: Member | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private readonly warnedInvalid = new Set<string>();

  constructor(
    private readonly options: ConsumerGroupOptions,
    private readonly deps: FileLogConsumerDeps,
  ) {}

  async run({ eachBatch, onCrash, ...rest }: RunOptions): Promise<void> {
    if (this.running) throw new StorageError('file log: this consumer is already running', { retriable: false });
    this.options.topics.forEach(assertTopicName);
    const concurrency = partitionConcurrency(rest);
    const partitions = new Map<string, number>();
    for (const topic of this.options.topics) partitions.set(topic, await this.deps.partitionCount(topic));
    this.running = true;
    this.member = this.deps.registry.join(this.options.groupId, this.options.topics);
    this.deps.waker.wake();
    this.loopDone = this.loop(partitions, eachBatch, concurrency).catch((error: unknown) => {
      this.deps.logger.error('file log consumer crashed', { groupId: this.options.groupId, error: String(error) });
      this.leave();
      onCrash?.(error instanceof Error ? error : new Error(String(error)));
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return this.loopDone;
    this.running = false;
    this.deps.waker.wake();
    await this.loopDone;
    this.leave();
  }

  private leave(): void {
    this.running = false;
    if (this.member) this.deps.registry.leave(this.options.groupId, this.member);
    this.member = undefined;
    this.deps.waker.wake();
  }

  private async loop(
    partitions: Map<string, number>,
    eachBatch: RunOptions['eachBatch'],
    concurrency: number,
  ): Promise<void> {
    const { groupId } = this.options;
    while (this.running && this.member) {
      let progressed = false;
      let sleepMs = this.deps.pollIntervalMs;
      const due: Array<{ topic: string; partition: number }> = [];
      for (const [topic, count] of partitions) {
        for (const partition of this.deps.registry.owned(groupId, this.member, topic, count)) {
          const failure = this.failures.get(`${topic}/${partition}`);
          if (failure && failure.retryAt > Date.now()) sleepMs = Math.min(sleepMs, failure.retryAt - Date.now());
          else due.push({ topic, partition });
        }
      }
      // Up to `concurrency` partitions at once; each is leased, so no partition runs twice.
      let next = 0;
      let fatal = false;
      const lane = async () => {
        while (next < due.length && this.running && !fatal) {
          const { topic, partition } = due[next++]!;
          const release = this.deps.registry.tryLease(groupId, topic, partition);
          if (!release) continue;
          try {
            progressed = (await this.pollPartition(topic, partition, eachBatch)) || progressed;
          } catch (error) {
            if (isFatal(error)) {
              fatal = true;
              throw error;
            }
            this.deps.logger.warn('file log consumer: reading or committing failed; retrying', {
              groupId,
              topic,
              partition,
              error: String(error),
            });
            this.recordFailure(`${topic}/${partition}`);
          } finally {
            release();
          }
        }
      };
      // Settle every lane before a fatal error ends the loop: no batch is left in flight behind it.
      const lanes = await Promise.allSettled(
        Array.from({ length: Math.min(concurrency, Math.max(1, due.length)) }, lane),
      );
      const failed = lanes.find((lane): lane is PromiseRejectedResult => lane.status === 'rejected');
      if (failed) throw failed.reason;
      if (!progressed && this.running) await this.deps.waker.wait(Math.max(1, sleepMs));
    }
  }

  /** Handles at most one batch of one partition; true when one was handled and committed. */
  private async pollPartition(topic: string, partition: number, eachBatch: RunOptions['eachBatch']): Promise<boolean> {
    const { groupId } = this.options;
    const path = this.deps.segmentPath(topic, partition);
    const cursor = await this.cursor(topic, partition, path);
    const read = await readRecords(path, cursor.byte, cursor.offset, this.deps.maxBatchMessages);
    if (read.invalid && read.records.length === 0) this.warnInvalid(path, cursor);
    if (read.records.length === 0) return false;

    const messages = read.records.map((record) => toConsumed(topic, partition, record));
    try {
      await eachBatch({ topic, partition, messages });
    } catch (error) {
      this.deps.logger.warn('file log consumer: batch handler failed; the batch will be delivered again', {
        groupId,
        topic,
        partition,
        firstOffset: messages[0]!.offset,
        lastOffset: messages[messages.length - 1]!.offset,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      });
      this.recordFailure(`${topic}/${partition}`);
      return false;
    }
    await this.deps.offsets.write(groupId, topic, partition, read.nextOffset);
    this.deps.registry.setCursor(groupId, topic, partition, { offset: read.nextOffset, byte: read.nextByte });
    this.failures.delete(`${topic}/${partition}`);
    return true;
  }

  private async cursor(topic: string, partition: number, path: string): Promise<Cursor> {
    const { groupId, fromBeginning } = this.options;
    const cached = this.deps.registry.cursor(groupId, topic, partition);
    if (cached) return cached;
    const committed = await this.deps.offsets.read(groupId, topic, partition);
    const target = committed ?? (fromBeginning ? 0 : Number.MAX_SAFE_INTEGER);
    const found = await locateOffset(path, target);
    if (committed !== undefined && found.offset < committed) {
      throw new StorageError(
        `file log: group ${groupId} committed offset ${committed} on ${topic}/${partition}, but the segment holds only ${found.offset} records`,
        {
          retriable: false,
          context: { groupId, topic, partition, committed, records: found.offset },
        },
      );
    }
    const cursor = { offset: found.offset, byte: found.byte };
    this.deps.registry.setCursor(groupId, topic, partition, cursor);
    return cursor;
  }

  private recordFailure(key: string): void {
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const delayMs = Math.min(30_000, this.deps.retryBackoffMs * 2 ** (count - 1));
    this.failures.set(key, { count, retryAt: Date.now() + delayMs });
  }

  private warnInvalid(path: string, cursor: Cursor): void {
    const key = `${path}@${cursor.byte}`;
    if (this.warnedInvalid.has(key)) return;
    this.warnedInvalid.add(key);
    this.deps.logger.warn(
      'file log consumer: an unreadable record ends the segment (torn write?); waiting for the writer to repair it',
      {
        path,
        byte: cursor.byte,
        offset: cursor.offset,
      },
    );
  }
}

function toConsumed(topic: string, partition: number, record: StoredRecord): ConsumedMessage {
  return {
    topic,
    partition,
    offset: String(record.offset),
    key: record.key,
    value: record.value,
    headers: record.headers,
    timestamp: record.timestamp,
  };
}

/**
 * Errors the consumer loop must not retry: an IngestError marked terminal (wrong data on disk) or a
 * programming error. Anything else (an fs error such as EMFILE or EIO) is retried with back-off.
 */
function isFatal(error: unknown): boolean {
  if (error instanceof IngestError) return !error.retriable;
  return error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError;
}
