/**
 * All three stream services in one process (STREAMER_ROLE=all): what the deployed worker pool runs
 * (one instance instead of three: a third of the always-on cost) and what `make demo` runs. ONE
 * stream instance (the file log allows one per
 * directory; on Kafka one client serves all three), shared by the `lake-sink` and `analyst`
 * consumer groups and the websocket streamer that produces to it. Consumers start first so the
 * topic exists (with its partitions) before the first article arrives.
 */
import type { Config } from '../shared/config';
import { createEventPublisher } from '../shared/events';
import { createLake } from '../shared/lake';
import type { Logger } from '../shared/log';
import { createStream } from '../shared/stream';
import { createWarehouse } from '../shared/warehouse';
import { pricesSettingsFrom } from '../shared/pipelines/prices/settings';
import { startAnalyst } from './consumers/analyst/main';
import { OBJECT_MAX_SPAN_MS, startLakeSink } from './consumers/lake-sink/main';
import { consumersSettingsFrom } from './consumers/settings';
import { startHealthServer } from './health';
import { toNewsStreamerOptions } from './options';
import { createNewsStreamer } from './streamer';

/** The running stream services. */
export interface StreamServices {
  /** 'file-log:<dir>' or the Kafka brokers. */
  readonly transport: string;
  /** The streamer's /healthz, or undefined when the streamer is not running (no keys). */
  readonly healthUrl: string | undefined;
  /** Drains in order: streamer (flush), consumers (batch in flight commits), stream, warehouse. Idempotent. */
  stop(): Promise<void>;
}

/** Options of `startStreamServices`. */
export interface StreamServicesOptions {
  /** Where the streamer's /healthz listens; undefined: no health server (a worker pool has no ingress). */
  health?: { host: string; port: number };
  /** Start the websocket streamer too (false when the Alpaca keys are missing in dev mode). */
  withStreamer: boolean;
  /** Called once if a consumer or the streamer stops for good; the demo logs it and keeps running. */
  onFatal?: (service: string, error: Error) => void;
}

/**
 * Starts the consumer groups and (if asked) the streamer from the loaded config. On a start-up
 * failure, whatever started is stopped and the error propagates.
 */
export async function startStreamServices(
  config: Config,
  log: Logger,
  options: StreamServicesOptions,
): Promise<StreamServices> {
  const consumers = consumersSettingsFrom(config);
  const stream = createStream(config.stream, { logger: log.child({ service: 'stream' }) });
  const warehouse = await createWarehouse(config.warehouse, log.child({ component: 'warehouse' }));
  const events = createEventPublisher(config.pubsub, { dir: consumers.eventsDir, logger: log });
  const stops: (() => Promise<void>)[] = [];
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      for (const step of stops.splice(0).reverse())
        await step().catch((error: Error) => log.warn('stream service did not stop cleanly', { error: error.message }));
      await stream.close();
      await events.close();
      await warehouse.close();
    })());
  const fatal = (service: string) => (error: Error) => options.onFatal?.(service, error);
  try {
    const topic = config.newsStream.topic;
    const partitions = config.newsStream.topicPartitions;
    const sink = await startLakeSink(
      { stream, lake: createLake(config.lake, { log }), warehouse, logger: log.child({ service: 'lake-sink' }) },
      {
        topic,
        partitions,
        groupId: consumers.lakeSinkGroup,
        limits: { maxMessages: consumers.lakeSinkMaxBatch, maxSpanMs: OBJECT_MAX_SPAN_MS },
        lingerMs: consumers.lakeSinkFlushMs,
        onCrash: fatal('lake-sink'),
      },
    );
    stops.push(() => sink.stop());
    const analyst = await startAnalyst(
      { stream, warehouse, events, logger: log.child({ service: 'analyst' }) },
      {
        topic,
        partitions,
        groupId: consumers.analystGroup,
        signalsTopic: consumers.signalsTopic,
        knownTickers: [...pricesSettingsFrom(config).watchlist, ...consumers.analystTickers],
        onCrash: fatal('analyst'),
      },
    );
    stops.push(() => analyst.stop());
    let healthUrl: string | undefined;
    if (options.withStreamer) {
      const streamerLog = log.child({ service: 'streamer' });
      const streamer = createNewsStreamer(toNewsStreamerOptions(config.newsStream, config.alpaca, config.http), {
        stream,
        logger: streamerLog,
      });
      if (options.health !== undefined) {
        const health = await startHealthServer({ ...options.health, snapshot: () => streamer.health() });
        stops.push(() => health.close());
        healthUrl = `${health.url}/healthz`;
      }
      await streamer.start();
      stops.push(() => streamer.stop());
      streamer.done.catch(fatal('streamer'));
    }
    return { transport: stream.describe(), healthUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
