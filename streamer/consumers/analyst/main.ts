/**
 * The `analyst` consumer group: Cloud Run / local entry and a composable `startAnalyst`. Tags
 * tickers, scores sentiment, MERGEs `news_signals`, publishes one summary per article on the
 * signals topic (Pub/Sub, or local JSON lines), then commits. SIGTERM drains like the lake sink.
 */
import { loadConfig, secretValues, type Config } from '../../../shared/config';
import { createEventPublisher, type EventPublisher } from '../../../shared/events';
import { createLogger, type Logger } from '../../../shared/log';
import { pricesSettingsFrom } from '../../../shared/pipelines/prices/settings';
import { createStream, type ConsumerGroup, type Stream } from '../../../shared/stream';
import { createWarehouse, type Warehouse } from '../../../shared/warehouse';
import { newsSignals } from '../../../shared/warehouse/tables';
import { consumersSettingsFrom } from '../settings';
import { createAnalyst, type Analyst } from './sink';
import { knownTickerSet } from './tagger';

/** What `startAnalyst` needs besides its clients. */
export interface AnalystRunOptions {
  topic: string;
  groupId: string;
  signalsTopic: string;
  /** Tickers recognised in headlines (any spelling: BRK-B and BRK.B are the same). */
  knownTickers: Iterable<string>;
  /**
   * Create the topic with this many partitions when it does not exist yet (an existing topic is
   * left alone), so a consumer may start before the producer; absent: the topic must exist.
   */
  partitions?: number;
  /** Without a committed offset: true (default) reads the topic from its start. */
  fromBeginning?: boolean;
  onCrash?: (error: Error) => void;
}

export interface RunningAnalyst {
  analyst: Analyst;
  group: ConsumerGroup;
  /** Stops the group member (the batch in flight finishes and commits). Idempotent. */
  stop(): Promise<void>;
}

/** Ensures `news_signals` (and the topic, when `partitions` is given), then joins the group and consumes in the background. */
export async function startAnalyst(
  deps: { stream: Stream; warehouse: Warehouse; events: EventPublisher; logger?: Logger },
  options: AnalystRunOptions,
): Promise<RunningAnalyst> {
  await deps.warehouse.ensureTables([newsSignals]);
  const analyst = createAnalyst({
    warehouse: deps.warehouse,
    events: deps.events,
    signalsTopic: options.signalsTopic,
    knownTickers: knownTickerSet(options.knownTickers),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
  if (options.partitions !== undefined)
    await deps.stream.createTopics([{ topic: options.topic, partitions: options.partitions }]);
  const group = deps.stream.consumer({
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: options.fromBeginning ?? true,
  });
  await group.run({
    eachBatch: (batch) => analyst.handleBatch(batch),
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
  });
  let stopped: Promise<void> | undefined;
  return { analyst, group, stop: () => (stopped ??= group.stop()) };
}

/** Runs the analyst from a loaded config until SIGTERM/SIGINT (exit 0) or a crash (exit 1). */
export async function main(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger({ ...config.log, secrets: secretValues(config), bindings: { service: 'analyst' } });
  const settings = consumersSettingsFrom(config);
  const stream = createStream(config.stream, { logger });
  const warehouse = await createWarehouse(config.warehouse, logger);
  const events = createEventPublisher(config.pubsub, { dir: settings.eventsDir, logger });
  let running: RunningAnalyst | undefined;
  let closing: Promise<void> | undefined;
  const shutdown = (code: number) =>
    (closing ??= (async () => {
      await running
        ?.stop()
        .catch((error: Error) => logger.error('analyst did not stop cleanly', { error: error.message }));
      await stream.close();
      await events.close();
      await warehouse.close();
      logger.info('analyst stopped', { ...running?.analyst.stats() });
      process.exit(code);
    })());
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  running = await startAnalyst(
    { stream, warehouse, events, logger },
    {
      topic: config.newsStream.topic,
      partitions: config.newsStream.topicPartitions,
      groupId: settings.analystGroup,
      signalsTopic: settings.signalsTopic,
      knownTickers: [...pricesSettingsFrom(config).watchlist, ...settings.analystTickers],
      onCrash: (error) => {
        logger.error('analyst consumer crashed', { error: error.message });
        void shutdown(1);
      },
    },
  );
  logger.info('analyst running', {
    topic: config.newsStream.topic,
    group: settings.analystGroup,
    signals: settings.signalsTopic,
    events: events.describe(),
  });
}
