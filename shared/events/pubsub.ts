import { PubSub, type Topic } from '@google-cloud/pubsub';
import { StorageError } from '../errors';
import type { Logger } from '../log/types';
import { toEventError } from './errors';
import type { EventAttributes, EventPublisher } from './types';

/** Options of {@link createPubSubEventPublisher}. */
export interface PubSubEventPublisherOptions {
  projectId: string;
  /** host:port of the emulator; absent means Google's endpoint (pubsub.googleapis.com). */
  emulatorHost?: string;
  /**
   * Create a topic on its first use when it does not exist. Default: true with the emulator (local
   * runs start empty), false against Google, where CDKTF declares topics and the service account
   * should not hold pubsub.topics.create.
   */
  createMissingTopics?: boolean;
  logger?: Logger;
}

const ALREADY_EXISTS = 6;

/**
 * Publishes through @google-cloud/pubsub 5 with its default batching (100 messages or 10 ms).
 * A missing topic (and createMissingTopics off) rejects with a terminal StorageError (gRPC NOT_FOUND).
 */
export function createPubSubEventPublisher(options: PubSubEventPublisherOptions): EventPublisher {
  const emulator = options.emulatorHost !== undefined && options.emulatorHost !== '';
  const client = new PubSub({
    projectId: options.projectId,
    apiEndpoint: emulator ? options.emulatorHost : 'pubsub.googleapis.com',
    ...(emulator
      ? {
          emulatorMode: true,
          // The emulator channel is insecure, so nothing is signed with these; without any, google-auth
          // would probe the GCE metadata server for a universe domain.
          credentials: { client_email: 'emulator@localhost', private_key: 'unused' },
        }
      : {}),
  });
  const createMissing = options.createMissingTopics ?? emulator;
  const topics = new Map<string, Promise<Topic>>();
  let closed = false;

  const topicFor = (name: string): Promise<Topic> => {
    let found = topics.get(name);
    if (!found) {
      found = (async () => {
        const topic = client.topic(name);
        if (!createMissing) return topic;
        const [exists] = await topic.exists();
        if (!exists) {
          await client.createTopic(name).catch((error: { code?: number }) => {
            if (error?.code !== ALREADY_EXISTS) throw error;
          });
          options.logger?.info('created missing Pub/Sub topic', { topic: name });
        }
        return topic;
      })();
      // A failed lookup is not cached: the next publish tries again.
      found.catch(() => topics.delete(name));
      topics.set(name, found);
    }
    return found;
  };

  return {
    kind: 'pubsub',
    describe: () => `pubsub project=${options.projectId}${emulator ? ` emulator=${options.emulatorHost}` : ''}`,
    async publish(topicName: string, event: object, attributes: EventAttributes = {}): Promise<string> {
      if (closed)
        throw new StorageError('events: publisher is closed', { retriable: false, context: { topic: topicName } });
      try {
        const topic = await topicFor(topicName);
        return await topic.publishMessage({
          data: Buffer.from(JSON.stringify(event), 'utf8'),
          attributes: { ...attributes },
        });
      } catch (error) {
        throw toEventError(error, `events: cannot publish to Pub/Sub topic ${topicName}`, { topic: topicName });
      }
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      const opened = await Promise.allSettled([...topics.values()]);
      await Promise.all(
        opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value.flush().catch(() => undefined)] : [])),
      );
      await client.close();
    },
  };
}
