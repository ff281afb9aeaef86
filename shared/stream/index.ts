import type { Logger } from '../log/types';
import { createFileLogStream } from './file-log';
import { createKafkaStream } from './kafka';
import type { Stream } from './types';

export type {
  Batch,
  ConsumedMessage,
  ConsumerGroup,
  ConsumerGroupOptions,
  OutgoingMessage,
  Producer,
  RunOptions,
  Stream,
  StreamMessage,
  TopicSpec,
} from './types';
export { createFileLogStream, type FileLogStreamOptions } from './file-log';
export { createKafkaStream, type KafkaStreamOptions } from './kafka';

/**
 * The slice of the platform config the stream needs (shared/config's `StreamConfig` satisfies it;
 * declared structurally so this folder does not depend on the config schema's shape).
 */
export interface StreamSettings {
  /** host:port list; empty or absent selects the embedded file log. */
  kafkaBrokers?: readonly string[];
  clientId: string;
  /** Directory of the file log (used only when no broker is configured). */
  dir: string;
}

/**
 * Kafka when `kafkaBrokers` lists at least one broker, otherwise the file log in `dir`. Creating a
 * stream opens no connection and touches no file; the first call that needs the backend does.
 */
export function createStream(settings: StreamSettings, deps: { logger?: Logger } = {}): Stream {
  const brokers = (settings.kafkaBrokers ?? []).filter((broker) => broker.trim() !== '');
  if (brokers.length > 0) return createKafkaStream({ brokers, clientId: settings.clientId, logger: deps.logger });
  return createFileLogStream({ dir: settings.dir, logger: deps.logger });
}
