import type { Logger } from '../log/types';
import { createFileLogStream } from './file-log';
import { createKafkaStream } from './kafka';
import { KafkaSecurityError } from './kafka-errors';
import type { GoogleTokenSource } from './google-token-source';
import { securityFromSettings, type StreamSecuritySettings } from './security-from-settings';
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
export { KafkaSecurityError } from './kafka-errors';
export type { KafkaSasl, KafkaSecurity } from './kafka-security';
export { adcTokenSource, type AdcTokenSourceOptions, type GoogleTokenSource } from './google-token-source';
export { securityFromSettings, type StreamSecuritySettings } from './security-from-settings';

/**
 * The slice of the platform config the stream needs (shared/config's `StreamConfig` satisfies it;
 * declared structurally so this folder does not depend on the config schema's shape).
 */
export interface StreamSettings extends StreamSecuritySettings {
  /** host:port list; empty or absent selects the embedded file log. */
  kafkaBrokers?: readonly string[];
  clientId: string;
  /** Directory of the file log (used only when no broker is configured). */
  dir: string;
}

/**
 * Kafka when `kafkaBrokers` lists at least one broker (secured as the security fields say),
 * otherwise the file log in `dir`. Creating a stream opens no connection; it reads no file but
 * KAFKA_SSL_CA_FILE, so a bad CA path stops start-up. The first call that needs the backend
 * connects. `googleTokenSource` replaces Application Default Credentials for oauthbearer-google.
 *
 * @throws KafkaSecurityError when the security settings cannot work (securityFromSettings), or
 *   SASL_SSL is asked for without brokers.
 */
export function createStream(
  settings: StreamSettings,
  deps: { logger?: Logger; googleTokenSource?: GoogleTokenSource } = {},
): Stream {
  const brokers = (settings.kafkaBrokers ?? []).filter((broker) => broker.trim() !== '');
  if (brokers.length > 0) {
    const security = securityFromSettings(settings, deps);
    return createKafkaStream({ brokers, clientId: settings.clientId, logger: deps.logger, security });
  }
  if (settings.securityProtocol === 'SASL_SSL') {
    throw new KafkaSecurityError(
      'kafka: KAFKA_SECURITY_PROTOCOL=SASL_SSL needs KAFKA_BROKERS (without brokers the stream would be the local file log)',
      {
        settings: ['KAFKA_BROKERS'],
      },
    );
  }
  return createFileLogStream({ dir: settings.dir, logger: deps.logger });
}
