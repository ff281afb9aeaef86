import type { Consumer, Kafka, KafkaMessage, RetryOptions } from 'kafkajs';
import type { Logger } from '../log/types';
import { StorageError } from '../errors';
import { BatchHandlerError, isSecurityFailure } from './kafka-errors';
import type { KafkaGuard } from './kafka-guard';
import { partitionConcurrency } from './run-options';
import { assertTopicName } from './topic-name';
import type { ConsumedMessage, ConsumerGroup, ConsumerGroupOptions, RunOptions } from './types';

/** Consumer tuning shared by every group member a Kafka stream makes. */
export interface KafkaConsumerSettings {
  retry: RetryOptions;
  /** Longest a fetch waits for data; also bounds how long `stop()` waits for an idle fetch. */
  maxWaitTimeMs: number;
  sessionTimeoutMs: number;
  /** A fetch waits (up to maxWaitTimeMs) until this many bytes are ready. */
  minBytes: number;
}

/**
 * How often a member heartbeats while a batch handler runs: a third of the session timeout, so two
 * may be lost before the coordinator evicts it. kafkajs heartbeats only between batches; a handler
 * longer than the session timeout (a BigQuery flush of 10-30 s, a lake sink lingering for the other
 * partitions' batches) would otherwise lose the member, rebalance the group and get its batch again.
 */
export function handlerHeartbeatMs(sessionTimeoutMs: number): number {
  return Math.max(100, Math.floor(sessionTimeoutMs / 3));
}

/**
 * A Kafka consumer-group member with manual commits: kafkajs runs with autoCommit off and
 * eachBatchAutoResolve off; after the handler resolves we resolve the batch's last offset and commit
 * last + 1 for that partition. If the handler throws, nothing is resolved or committed, kafkajs fetches
 * the same batch again (its runner retries, then restarts the consumer), and after a crash or a
 * rebalance the next owner starts from the last commit: at least once.
 */
export class KafkaConsumer implements ConsumerGroup {
  private consumer: Consumer | undefined;
  private stopping = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly options: ConsumerGroupOptions,
    private readonly settings: KafkaConsumerSettings,
    private readonly guard: KafkaGuard,
    private readonly logger: Logger,
    private readonly onStop: (consumer: KafkaConsumer) => void,
  ) {}

  async run({ eachBatch, onCrash, ...rest }: RunOptions): Promise<void> {
    if (this.consumer) throw new StorageError('kafka: this consumer is already running', { retriable: false });
    this.options.topics.forEach(assertTopicName);
    const concurrency = partitionConcurrency(rest);
    const { groupId, topics, fromBeginning } = this.options;
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      maxWaitTimeInMs: this.settings.maxWaitTimeMs,
      minBytes: this.settings.minBytes,
      sessionTimeout: this.settings.sessionTimeoutMs,
      // A refused login or an untrusted certificate (credentials or a certificate changed while we
      // ran) cannot mend by restarting: the consumer crashes, onCrash hears it, the process exits.
      retry: { ...this.settings.retry, restartOnFailure: async (error) => !isSecurityFailure(error) },
    });
    this.consumer = consumer;
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping) return;
      this.logger.error('kafka consumer stopped on an error it cannot recover from', {
        groupId,
        error: String(payload.error),
      });
      onCrash?.(this.guard.toError(payload.error, 'kafka: consumer crashed', { groupId }));
    });
    try {
      await this.guard.preflight();
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      await consumer.run({
        autoCommit: false,
        eachBatchAutoResolve: false,
        // kafkajs hands the batches of one fetch to this many workers, one partition per worker.
        partitionsConsumedConcurrently: concurrency,
        eachBatch: async ({ batch, resolveOffset, commitOffsetsIfNecessary, heartbeat, isRunning, isStale }) => {
          const { topic, partition } = batch;
          const last = batch.messages[batch.messages.length - 1];
          // A stale batch (a seek or rebalance happened meanwhile) is fetched again by its owner.
          if (!last || !isRunning() || isStale()) return;
          const messages = batch.messages.map((m) => toConsumed(topic, partition, m));
          // A failed heartbeat here (a rebalance began) is left to the commit below to report.
          const beat = setInterval(
            () => void heartbeat().catch(() => undefined),
            handlerHeartbeatMs(this.settings.sessionTimeoutMs),
          );
          try {
            await eachBatch({ topic, partition, messages });
          } catch (error) {
            const context = { groupId, topic, partition, firstOffset: batch.firstOffset(), lastOffset: last.offset };
            this.logger.warn('kafka consumer: batch handler failed; the batch will be delivered again', {
              ...context,
              error: String(error),
            });
            throw new BatchHandlerError(error, context);
          } finally {
            clearInterval(beat);
          }
          resolveOffset(last.offset);
          const next = (BigInt(last.offset) + 1n).toString();
          await commitOffsetsIfNecessary({ topics: [{ topic, partitions: [{ partition, offset: next }] }] });
          await heartbeat();
        },
      });
    } catch (error) {
      this.consumer = undefined;
      await consumer.disconnect().catch(() => undefined);
      throw this.guard.toError(error, 'kafka: consumer cannot start', { groupId, topics });
    }
  }

  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer || this.stopping) return;
    this.stopping = true;
    try {
      // disconnect() stops fetching, waits for the batch in flight (and its commit), leaves the group.
      await consumer.disconnect();
    } catch (error) {
      throw this.guard.toError(error, 'kafka: consumer did not stop cleanly', { groupId: this.options.groupId });
    } finally {
      this.onStop(this);
    }
  }
}

function toConsumed(topic: string, partition: number, message: KafkaMessage): ConsumedMessage {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) headers[name] = last.toString();
  }
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key?.toString('utf8') ?? '',
    value: message.value ?? Buffer.alloc(0),
    headers,
    timestamp: Number(message.timestamp),
  };
}
