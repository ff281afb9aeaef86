/**
 * Cloud Run entry of the news streamer: load config once, start the health server and the
 * streamer, and on SIGTERM (Cloud Run gives 10 s) stop reading, flush the producer, close the
 * socket with 1000 and exit 0. A fatal stream error (bad keys, plan) exits 1 after flushing, so
 * the platform reports a crash instead of a service that silently streams nothing.
 */
import { loadConfig, secretValues, type Config } from '../shared/config';
import { createLogger, type Logger } from '../shared/log';
import { createStream } from '../shared/stream';
import { startHealthServer, type HealthServer } from './health';
import { toNewsStreamerOptions } from './options';
import { createNewsStreamer, type NewsStreamer } from './streamer';

export interface RunningStreamer {
  streamer: NewsStreamer;
  health: HealthServer;
  /** Stops the streamer, then the health server. Idempotent. */
  shutdown(): Promise<void>;
}

/** Starts the streamer and its health server from a loaded config. */
export async function runStreamer(config: Config, logger: Logger): Promise<RunningStreamer> {
  const options = toNewsStreamerOptions(config.newsStream, config.alpaca, config.http);
  const stream = createStream(config.stream, { logger });
  const streamer = createNewsStreamer(options, { stream, logger });
  const health = await startHealthServer({
    host: config.newsStream.host,
    port: config.newsStream.port,
    snapshot: () => streamer.health(),
  });
  await streamer.start();
  logger.info('news streamer health server listening', { url: `${health.url}/healthz` });
  let down: Promise<void> | undefined;
  return {
    streamer,
    health,
    shutdown: () =>
      (down ??= (async () => {
        await streamer.stop();
        await stream.close();
        await health.close();
      })()),
  };
}

/** The process: exit code 0 after SIGTERM/SIGINT, 1 on a fatal stream or config error. */
export async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({ ...config.log, secrets: secretValues(config), bindings: { service: 'streamer' } });
  const running = await runStreamer(config, logger);
  const stop = (signal: string) => {
    logger.info('signal received; draining', { signal });
    void running.shutdown().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  running.streamer.done.catch(async (error: Error) => {
    logger.error('news streamer stopped on a fatal error', { error: error.message });
    await running.shutdown();
    process.exit(1);
  });
}
