import { Kafka, logLevel, type RetryOptions } from 'kafkajs';
import type { Logger } from '../log/types';
import { KafkaConsumer } from './kafka-consumer';
import { createKafkaGuard } from './kafka-guard';
import { kafkaLogCreator } from './kafka-log';
import { KafkaProducer } from './kafka-producer';
import { describeSecurity, kafkaJsSecurity, type KafkaSecurity } from './kafka-security';
import { silentLogger } from './silent-logger';
import { assertPartitionCount, assertTopicName } from './topic-name';
import type { ConsumerGroup, ConsumerGroupOptions, Producer, Stream, TopicSpec } from './types';

/** Options of {@link createKafkaStream}; `brokers` and `clientId` are required. */
export interface KafkaStreamOptions {
  /** host:port of one or more bootstrap brokers. */
  brokers: readonly string[];
  clientId: string;
  logger?: Logger;
  /**
   * TLS and SASL. Default PLAINTEXT. Before its first connection the stream checks that a
   * bootstrap broker speaks this protocol with a trusted certificate (kafka-guard.ts), so a
   * mismatch fails in milliseconds instead of after the retry budget.
   */
  security?: KafkaSecurity;
  /**
   * Retry budget of every request (sends, fetches, commits, admin calls). The default rides out a
   * broker restart: exponential back-off from 300 ms, capped at 5 s per wait, 30 retries (about
   * 2 minutes in total) before a send rejects.
   */
  retry?: RetryOptions;
  /** TCP connect timeout per attempt. Default 3000 ms. */
  connectionTimeoutMs?: number;
  /** Longest an idle fetch waits on the broker (also bounds `stop()`). Default 1000 ms. */
  maxWaitTimeMs?: number;
  /** Consumer group session timeout. Default 30000 ms (kafkajs's default). */
  sessionTimeoutMs?: number;
  /**
   * A fetch returns once this many bytes are ready, or after `maxWaitTimeMs` with whatever there
   * is. Default 1 (return as soon as anything is there: lowest latency). A larger value makes a
   * busy consumer's batches larger (fewer, larger writes downstream) at up to `maxWaitTimeMs` of
   * latency when the topic is quiet.
   */
  fetchMinBytes?: number;
}

const defaultRetry: RetryOptions = {
  initialRetryTime: 300,
  maxRetryTime: 5_000,
  retries: 30,
  factor: 0.2,
  multiplier: 2,
};

/**
 * The stream on Apache Kafka through kafkajs 2.2.4. Nothing connects until it is needed; `close()`
 * disconnects every producer and consumer this stream made. A refused login, an untrusted
 * certificate or a protocol mismatch rejects the call that connects (send, run, createTopics) with
 * a non-retriable KafkaSecurityError naming the settings to fix; kafkajs does not retry a refused
 * login, and the guard catches the rest before kafkajs would retry them.
 */
export function createKafkaStream(options: KafkaStreamOptions): Stream {
  const brokers = [...options.brokers];
  const logger = (options.logger ?? silentLogger()).child({ component: 'stream', backend: 'kafka' });
  const retry = { ...defaultRetry, ...options.retry };
  const security = options.security ?? { protocol: 'PLAINTEXT' };
  const connectionTimeout = options.connectionTimeoutMs ?? 3_000;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers,
    connectionTimeout,
    retry,
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger),
    ...kafkaJsSecurity(security),
  });
  const guard = createKafkaGuard(brokers, security, connectionTimeout);
  const producers = new Set<KafkaProducer>();
  const consumers = new Set<KafkaConsumer>();

  return {
    kind: 'kafka',
    describe: () =>
      `kafka brokers=${brokers.join(',')}${security.protocol === 'PLAINTEXT' ? '' : ` ${describeSecurity(security)}`}`,

    async createTopics(topics: readonly TopicSpec[]): Promise<void> {
      for (const { topic, partitions } of topics) {
        assertTopicName(topic);
        assertPartitionCount(topic, partitions);
      }
      if (topics.length === 0) return;
      const admin = kafka.admin({ retry });
      try {
        await guard.preflight();
        await admin.connect();
        // false (no error) when every topic already existed; an existing topic is left unchanged.
        await admin.createTopics({
          topics: topics.map(({ topic, partitions }) => ({ topic, numPartitions: partitions })),
          waitForLeaders: true,
        });
      } catch (error) {
        throw guard.toError(error, 'kafka: cannot create topics', { topics: topics.map((t) => t.topic) });
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
    },

    producer(): Producer {
      const producer = new KafkaProducer(kafka, retry, guard, logger, (p) => producers.delete(p));
      producers.add(producer);
      return producer;
    },

    consumer(opts: ConsumerGroupOptions): ConsumerGroup {
      const consumer = new KafkaConsumer(
        kafka,
        opts,
        {
          retry,
          maxWaitTimeMs: options.maxWaitTimeMs ?? 1_000,
          sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
          minBytes: options.fetchMinBytes ?? 1,
        },
        guard,
        logger,
        (c) => consumers.delete(c),
      );
      consumers.add(consumer);
      return consumer;
    },

    async close(): Promise<void> {
      await Promise.all([...consumers].map((consumer) => consumer.stop().catch(() => undefined)));
      await Promise.all([...producers].map((producer) => producer.close()));
    },
  };
}
