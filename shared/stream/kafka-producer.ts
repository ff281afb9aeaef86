import { Partitioners, type Kafka, type Producer as KafkaJsProducer, type RetryOptions } from 'kafkajs';
import type { Logger } from '../log/types';
import { StorageError } from '../errors';
import type { KafkaGuard } from './kafka-guard';
import { assertTopicName } from './topic-name';
import type { OutgoingMessage, Producer } from './types';

/**
 * The Kafka producer: idempotent (the broker drops a retried duplicate, so retries never duplicate
 * or reorder), one request in flight, acks=all, keys hashed by kafkajs's default (Java-compatible
 * murmur2) partitioner. kafkajs retries a send through connection loss and leader moves (a broker
 * restart) within the `retry` budget.
 *
 * After a send fails for good, the kafkajs producer is thrown away and the next send connects a new
 * one with a new producer id. Reusing it would be unsafe: kafkajs advances sequence numbers only on
 * success, so if the broker had in fact written the failed batch, the next batch would reuse its
 * sequence numbers and be dropped as a duplicate, silently.
 */
export class KafkaProducer implements Producer {
  private current: Promise<KafkaJsProducer> | undefined;
  private closed = false;

  constructor(
    private readonly kafka: Kafka,
    private readonly retry: RetryOptions,
    private readonly guard: KafkaGuard,
    private readonly logger: Logger,
    private readonly onClose: (producer: KafkaProducer) => void,
  ) {}

  async send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    assertTopicName(topic);
    if (this.closed)
      throw new StorageError('kafka: send on a closed producer', { retriable: false, context: { topic } });
    if (messages.length === 0) return;
    const session = this.connected();
    let producer: KafkaJsProducer;
    try {
      producer = await session;
    } catch (error) {
      throw this.guard.toError(error, 'kafka: producer cannot connect', { topic });
    }
    try {
      await producer.send({
        topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers })),
      });
    } catch (error) {
      await this.discard(session);
      throw this.guard.toError(error, 'kafka: send failed', { topic, messages: messages.length });
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    if (this.current) await this.discard(this.current);
  }

  private connected(): Promise<KafkaJsProducer> {
    if (!this.current) {
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
        retry: this.retry,
      });
      const session = this.guard
        .preflight()
        .then(() => producer.connect())
        .then(() => producer);
      session.catch(() => {
        if (this.current === session) this.current = undefined;
      });
      this.current = session;
    }
    return this.current;
  }

  private async discard(session: Promise<KafkaJsProducer>): Promise<void> {
    if (this.current === session) this.current = undefined;
    try {
      await (await session).disconnect();
    } catch (error) {
      this.logger.debug('kafka: disconnecting a discarded producer failed', { error: String(error) });
    }
  }
}
