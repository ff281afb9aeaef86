/**
 * The streamer as its own process for the stream bench (as on Cloud Run: nothing else shares its
 * thread, not even the bench's bookkeeping). Started with IPC and its arguments as JSON; reports
 * {type:'ready'} once subscribed and {type:'published'} as the count of durable articles grows; on
 * {type:'stop'} it flushes, closes and reports {type:'stopped'}, then exits.
 */
import type { NewsReplayServer } from '../../dev/replay-news';
import { createKafkaStream } from '../../shared/stream';
import { createNewsStreamer } from '../../streamer/streamer';
import { fastStreamerOptions, quietLogger } from '../../streamer/test-support';

/** The worker's one argument, as JSON. */
export interface StreamerWorkerArgs {
  brokers: string[];
  /** The replay server's URLs and credentials (its `ready` report). */
  server: Pick<NewsReplayServer, 'streamUrl' | 'baseUrl' | 'credentials'>;
  partitions: number;
  /** Most messages per producer send; absent: the streamer's default. */
  maxBatch?: number;
  /** Most value bytes per producer send; absent: the streamer's default. */
  maxBatchBytes?: number;
}

/** Messages to the parent. */
export type StreamerWorkerReport =
  { type: 'ready' } | { type: 'published'; count: number } | { type: 'stopped'; published: number };

async function main(args: StreamerWorkerArgs): Promise<void> {
  const send = (report: StreamerWorkerReport) => process.send?.(report);
  const stream = createKafkaStream({ brokers: args.brokers, clientId: 'bench-streamer' });
  const options = fastStreamerOptions(args.server as NewsReplayServer, {
    topic: 'news',
    dlqTopic: 'news.dlq',
    topicPartitions: args.partitions,
    pingIntervalMs: 5_000,
    pongTimeoutMs: 5_000,
    ...(args.maxBatch ? { maxBatch: args.maxBatch } : {}),
    ...(args.maxBatchBytes ? { maxBatchBytes: args.maxBatchBytes } : {}),
  });
  const streamer = createNewsStreamer(options, { stream, logger: quietLogger() });
  await streamer.start();
  let reported = -1;
  const timer = setInterval(() => {
    const { published, connected } = streamer.health();
    if (reported < 0 && connected) send({ type: 'ready' });
    if (connected && published !== reported) send({ type: 'published', count: (reported = published) });
  }, 20);
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stop') return;
    clearInterval(timer);
    void (async () => {
      await streamer.stop();
      await stream.close();
      process.send?.(
        { type: 'stopped', published: streamer.health().published } satisfies StreamerWorkerReport,
        undefined,
        {},
        () => process.exit(0),
      );
    })();
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as StreamerWorkerArgs).catch((error: Error) => {
  process.stderr.write(`bench streamer worker failed: ${error.stack ?? error.message}\n`);
  process.exit(2);
});
