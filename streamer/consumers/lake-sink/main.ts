/**
 * The `lake-sink` consumer group: Cloud Run / local entry and a composable `startLakeSink`.
 * Reads the news topic from the beginning (a new group keeps everything still retained), writes
 * each delivered batch to the lake and the warehouse, and commits only after both are durable.
 * SIGTERM drains: the batch in flight finishes and commits, the member leaves the group, clients close.
 */
import { loadConfig, secretValues, type Config } from '../../../shared/config';
import { createLake, type Lake } from '../../../shared/lake';
import { createLogger, type Logger } from '../../../shared/log';
import { createStream, type ConsumerGroup, type Stream } from '../../../shared/stream';
import { createWarehouse, type Warehouse } from '../../../shared/warehouse';
import { news, newsTickers } from '../../../shared/warehouse/tables';
import { consumersSettingsFrom } from '../settings';
import type { ChunkLimits } from './chunks';
import { createLakeSink, type DurableChunk, type LakeSink } from './sink';

/** Most event time one lake object spans (besides the hour boundary): 10 minutes. */
export const OBJECT_MAX_SPAN_MS = 10 * 60_000;

/**
 * Partitions a sink handles at once unless told: NEWS_TOPIC_PARTITIONS' default, so one fetch of
 * every partition becomes one flush (measured in bench/stream: one partition at a time makes a
 * MERGE per partition batch, the sink's largest cost).
 */
export const DEFAULT_SINK_CONCURRENCY = 6;

/** What `startLakeSink` needs besides its clients. */
export interface LakeSinkRunOptions {
  topic: string;
  groupId: string;
  limits: ChunkLimits;
  /** Longest a delivered batch waits for others to share its flush, ms. Default 0. */
  lingerMs?: number;
  /**
   * Partitions whose batches are handled at once (shared/stream `partitionsConsumedConcurrently`);
   * their batches share flushes (one object per partition, one MERGE for all), and a flush starts
   * at `limits.maxMessages` x this many pending messages. Default DEFAULT_SINK_CONCURRENCY.
   */
  partitionsConsumedConcurrently?: number;
  /**
   * Create the topic with this many partitions when it does not exist yet (an existing topic is
   * left alone), so a consumer may start before the producer; absent: the topic must exist.
   */
  partitions?: number;
  /** Without a committed offset: true (default) reads the topic from its start. */
  fromBeginning?: boolean;
  onDurable?: (chunk: DurableChunk) => void | Promise<void>;
  /** Called if the consumer stops for good on an error it cannot recover from. */
  onCrash?: (error: Error) => void;
}

export interface RunningLakeSink {
  sink: LakeSink;
  group: ConsumerGroup;
  /** Stops the group member (the batch in flight finishes and commits). Idempotent. */
  stop(): Promise<void>;
}

/** Ensures `news` and `news_tickers` (and the topic, when `partitions` is given), then joins the group and consumes in the background. */
export async function startLakeSink(
  deps: { stream: Stream; lake: Lake; warehouse: Warehouse; logger?: Logger },
  options: LakeSinkRunOptions,
): Promise<RunningLakeSink> {
  await deps.warehouse.ensureTables([news, newsTickers]);
  const concurrency = options.partitionsConsumedConcurrently ?? DEFAULT_SINK_CONCURRENCY;
  const sink = createLakeSink({
    lake: deps.lake,
    warehouse: deps.warehouse,
    limits: options.limits,
    flushAtMessages: options.limits.maxMessages * concurrency,
    ...(options.lingerMs === undefined ? {} : { lingerMs: options.lingerMs }),
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(options.onDurable ? { onDurable: options.onDurable } : {}),
  });
  if (options.partitions !== undefined)
    await deps.stream.createTopics([{ topic: options.topic, partitions: options.partitions }]);
  const group = deps.stream.consumer({
    groupId: options.groupId,
    topics: [options.topic],
    fromBeginning: options.fromBeginning ?? true,
  });
  await group.run({
    eachBatch: (batch) => sink.handleBatch(batch),
    partitionsConsumedConcurrently: concurrency,
    ...(options.onCrash ? { onCrash: options.onCrash } : {}),
  });
  let stopped: Promise<void> | undefined;
  return { sink, group, stop: () => (stopped ??= group.stop()) };
}

/** Runs the lake sink from a loaded config until SIGTERM/SIGINT (exit 0) or a crash (exit 1). */
export async function main(config: Config = loadConfig()): Promise<void> {
  const logger = createLogger({ ...config.log, secrets: secretValues(config), bindings: { service: 'lake-sink' } });
  const settings = consumersSettingsFrom(config);
  const stream = createStream(config.stream, { logger });
  const lake = createLake(config.lake, { log: logger });
  const warehouse = await createWarehouse(config.warehouse, logger);
  let running: RunningLakeSink | undefined;
  let closing: Promise<void> | undefined;
  const shutdown = (code: number) =>
    (closing ??= (async () => {
      await running
        ?.stop()
        .catch((error: Error) => logger.error('lake sink did not stop cleanly', { error: error.message }));
      await stream.close();
      await warehouse.close();
      logger.info('lake sink stopped', { ...running?.sink.stats() });
      process.exit(code);
    })());
  process.once('SIGTERM', () => void shutdown(0));
  process.once('SIGINT', () => void shutdown(0));
  running = await startLakeSink(
    { stream, lake, warehouse, logger },
    {
      topic: config.newsStream.topic,
      partitions: config.newsStream.topicPartitions,
      groupId: settings.lakeSinkGroup,
      limits: { maxMessages: settings.lakeSinkMaxBatch, maxSpanMs: OBJECT_MAX_SPAN_MS },
      lingerMs: settings.lakeSinkFlushMs,
      // Every partition at once: one fetch of all of them becomes one flush (one MERGE).
      partitionsConsumedConcurrently: config.newsStream.topicPartitions,
      onCrash: (error) => {
        logger.error('lake sink consumer crashed', { error: error.message });
        void shutdown(1);
      },
    },
  );
  logger.info('lake sink running', {
    topic: config.newsStream.topic,
    group: settings.lakeSinkGroup,
    stream: stream.describe(),
    lake: lake.describe(),
    warehouse: warehouse.describe(),
  });
}
