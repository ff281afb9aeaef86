/**
 * Events for downstream consumers (agents, alerting): one small JSON document per occurrence,
 * published on a named topic with string attributes. Two implementations share the interface:
 * Google Cloud Pub/Sub (the emulator locally) and a directory of JSON-lines files for a laptop
 * with no Pub/Sub configured.
 *
 * Delivery is AT LEAST ONCE end to end: a caller that publishes, then crashes before recording that
 * it did, publishes again after a restart. Subscribers deduplicate on an attribute that names the
 * subject (the analyst sets `article_id`), never on the message id, which differs per publish.
 */

/** Attribute values are strings (Pub/Sub's rule); at most 100 attributes of 256-byte keys. */
export type EventAttributes = Readonly<Record<string, string>>;

export interface EventPublisher {
  /** 'pubsub' or 'local', for logs and test titles. */
  readonly kind: 'pubsub' | 'local';
  /** One line naming the backend and where it publishes. */
  describe(): string;
  /**
   * Publishes `event` (serialised with JSON.stringify, UTF-8) on `topic` and resolves with the
   * message id once the backend has accepted it (Pub/Sub: acknowledged by the service; local: the
   * line is appended and fsynced). Rejects with a StorageError whose `retriable` says whether
   * publishing again can help (unavailable/deadline: yes; missing topic, bad attributes: no).
   */
  publish(topic: string, event: object, attributes?: EventAttributes): Promise<string>;
  /** Flushes pending publishes and releases clients/files. Idempotent; later publishes reject. */
  close(): Promise<void>;
}

/**
 * The Pub/Sub slice of the configuration, structurally compatible with shared/config's
 * `PubSubConfig` (declared here so this folder needs only the type).
 */
export interface EventSettings {
  /** GOOGLE_CLOUD_PROJECT. */
  readonly projectId?: string | undefined;
  /** PUBSUB_EMULATOR_HOST (host:port): when set, the emulator is used. */
  readonly emulatorHost?: string | undefined;
}
