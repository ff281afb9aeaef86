/**
 * The stream interface: keyed, partitioned, append-only topics with consumer groups, as Kafka has
 * them. Two implementations share it and one contract suite (shared/testing/contracts/stream.ts):
 * Kafka through kafkajs (kafka.ts) and an embedded file-backed log (file-log.ts).
 *
 * Delivery is AT LEAST ONCE: a batch's offsets are committed only after its handler resolves, so a
 * handler that throws, or a process that dies before the commit, sees the batch again. Handlers must
 * therefore be idempotent (the lake sink names objects by offset range for exactly this reason).
 */

/** A message as stored in a topic. */
export interface StreamMessage {
  /** The partitioning key: equal keys always land in the same partition, in send order. */
  key: string;
  value: Buffer;
  /** UTF-8 header values; a header repeated on the wire keeps its last value. */
  headers: Record<string, string>;
  /** When the message was appended (Kafka: CreateTime set by the producer), ms since the epoch. */
  timestamp: number;
}

/** A message handed to a consumer, with its position. */
export interface ConsumedMessage extends StreamMessage {
  topic: string;
  partition: number;
  /** Decimal string (as kafkajs gives it: offsets are 64-bit), 0-based, dense per partition. */
  offset: string;
}

/** One message to send. A string value is encoded as UTF-8. */
export interface OutgoingMessage {
  key: string;
  value: Buffer | string;
  headers?: Record<string, string>;
}

/** Sends keyed messages. Obtain one from `Stream.producer()`; close it when done. */
export interface Producer {
  /**
   * Appends `messages` to `topic`, each to the partition its key hashes to, preserving order per key.
   * Resolves only when every message is durable (Kafka: acks=all from the idempotent producer; file
   * log: written and fsynced). Rejects with an IngestError (StorageError) whose `retriable` says
   * whether sending again can help; a rejected send may have stored some of the messages.
   * An empty `messages` resolves at once.
   */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  /** Flushes nothing further and releases connections/files; idempotent. */
  close(): Promise<void>;
}

/** Messages of one topic-partition, contiguous and in offset order. */
export interface Batch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
}

/** How a member joins a group: `Stream.consumer(options)`. */
export interface ConsumerGroupOptions {
  /** Consumers sharing a groupId share the partitions and the committed offsets. */
  groupId: string;
  topics: string[];
  /** With no committed offset for a partition: true starts at its first message, false at its end. */
  fromBeginning: boolean;
}

/** What `ConsumerGroup.run` is given. */
export interface RunOptions {
  /**
   * Called with each non-empty batch; the batch's offsets are committed (last offset + 1) only after
   * the returned promise resolves. If it rejects, nothing is committed and the same messages are
   * delivered again (after a back-off), possibly to another member of the group. Batches of one
   * partition are never handled concurrently.
   */
  eachBatch(batch: Batch): Promise<void>;
  /**
   * Most batches, each of a different partition, handled at the same time (integer >= 1; default
   * 1: one partition after another). Above 1, the batches of one fetch (Kafka) or one poll round
   * (file log) are handed over without waiting for each other, so a handler that group-commits
   * (the lake sink's batcher) can make them durable in one write; each batch still commits alone,
   * after its own promise resolves. Two batches of the same partition are never in flight
   * together, whatever the value. Not a whole number >= 1: `run` rejects with a ConfigError.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Called once if the consumer stops for good on an error it cannot recover from (it has not been
   * stopped by `stop()`). Without it the error is only logged. A handler failure is never fatal.
   */
  onCrash?(error: Error): void;
}

/** A member of a consumer group. */
export interface ConsumerGroup {
  /** Subscribes and starts consuming in the background; resolves once started (not once assigned). */
  run(options: RunOptions): Promise<void>;
  /**
   * Stops cleanly: waits for the batch in flight to finish (and commit, if it succeeded), then leaves
   * the group so other members take over its partitions. Idempotent.
   */
  stop(): Promise<void>;
}

/** A topic to create: its name and partition count (1-10,000). */
export interface TopicSpec {
  topic: string;
  partitions: number;
}

/** A broker (or embedded log) connection; the factory `createStream` picks the implementation. */
export interface Stream {
  readonly kind: 'kafka' | 'file-log';
  /** Human-readable target, e.g. "kafka brokers=127.0.0.1:9092" (test titles and start-up logs). */
  describe(): string;
  /**
   * Creates the topics that do not exist yet and waits until they can be written. An existing topic
   * is left as it is (its partition count is not changed). Names: 1-249 chars of [a-zA-Z0-9._-].
   */
  createTopics(topics: readonly TopicSpec[]): Promise<void>;
  producer(): Producer;
  consumer(options: ConsumerGroupOptions): ConsumerGroup;
  /** Stops every consumer and closes every producer made by this stream. Idempotent. */
  close(): Promise<void>;
}
