/**
 * shared/events: publish small JSON events for downstream consumers, on Pub/Sub (the emulator
 * locally) or, when no Pub/Sub is configured, as JSON lines under a directory.
 */
import type { Logger } from '../log/types';
import { createLocalEventPublisher } from './local-dir';
import { createPubSubEventPublisher } from './pubsub';
import type { EventPublisher, EventSettings } from './types';

export type { EventAttributes, EventPublisher, EventSettings } from './types';
export { createPubSubEventPublisher, type PubSubEventPublisherOptions } from './pubsub';
export { createLocalEventPublisher, type LocalEventLine, type LocalEventPublisherOptions } from './local-dir';

/** The project id used with an emulator when GOOGLE_CLOUD_PROJECT is unset (the emulator accepts any). */
export const LOCAL_PUBSUB_PROJECT = 'local-project';

/**
 * Picks the backend from the config's `pubsub` slice: the emulator when `emulatorHost` is set
 * (project `projectId` or {@link LOCAL_PUBSUB_PROJECT}); Google Pub/Sub when only `projectId` is
 * set; otherwise the local JSON-lines publisher in `deps.dir`. Opens nothing until the first publish.
 */
export function createEventPublisher(settings: EventSettings, deps: { dir: string; logger?: Logger }): EventPublisher {
  const logger = deps.logger?.child({ component: 'events' });
  if (settings.emulatorHost) {
    return createPubSubEventPublisher({
      projectId: settings.projectId ?? LOCAL_PUBSUB_PROJECT,
      emulatorHost: settings.emulatorHost,
      ...(logger ? { logger } : {}),
    });
  }
  if (settings.projectId)
    return createPubSubEventPublisher({ projectId: settings.projectId, ...(logger ? { logger } : {}) });
  return createLocalEventPublisher({ dir: deps.dir });
}
