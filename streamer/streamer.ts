import { createHttpClient } from '../shared/http';
import type { Logger } from '../shared/log/types';
import type { AlpacaNewsCredentials } from '../shared/sources/alpaca-news';
import type { SourceHttp } from '../shared/sources/types';
import type { Stream } from '../shared/stream';
import { catchUp } from './catch-up';
import type { StreamerHealth } from './health';
import { Publisher } from './publish';
import { createNewsStreamClient, type NewsStreamClient } from './ws/client';
import type { ReconnectPolicy } from './ws/reconnect';

/** Everything the streamer is told; `main.ts` builds it from the loaded config. Units in names. */
export interface NewsStreamerOptions {
  /** wss://stream.data.alpaca.markets/v1beta1/news */
  streamUrl: string;
  /** https://data.alpaca.markets (REST catch-up) */
  restBaseUrl: string;
  credentials: AlpacaNewsCredentials;
  /** Symbols to subscribe and catch up on; empty: every symbol ("*"). */
  symbols: readonly string[];
  topic: string;
  dlqTopic: string;
  /** Create both topics with this many partitions on start (existing ones are left alone); 0: don't. */
  topicPartitions: number;
  pingIntervalMs: number;
  pongTimeoutMs: number;
  handshakeTimeoutMs: number;
  reconnect: ReconnectPolicy;
  /** A catch-up starts this long before the newest created_at seen (late-indexed articles). */
  catchUpOverlapMs: number;
  /** A catch-up asks up to now plus this (updated_at may lag created_at by a second or more). */
  catchUpEndSlackMs: number;
  httpTimeoutMs: number;
  httpMaxRetries: number;
  /** /healthz turns 503 after being disconnected (or failing to produce) this long. */
  unhealthyAfterMs: number;
  /** How long `stop()` waits for unsent messages. */
  flushTimeoutMs: number;
  dedupeCapacity?: number;
  maxBatch?: number;
  /** Most value bytes per producer send (publish.ts `maxBatchBytes`). */
  maxBatchBytes?: number;
}

export interface NewsStreamerDeps {
  stream: Stream;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  /** The REST client for catch-up; default: shared/http against `restBaseUrl`. */
  http?: SourceHttp;
}

export interface NewsStreamer {
  /** Creates the topics (if asked) and starts the websocket in the background. */
  start(): Promise<void>;
  /** Settles when the streamer ends: resolves after `stop()`, rejects with NewsStreamFatalError. */
  readonly done: Promise<void>;
  /** SIGTERM path: stop reading, flush the producer, close the socket with 1000. Idempotent. */
  stop(): Promise<void>;
  health(): StreamerHealth;
  /** Resolves once every article accepted so far is durable, and no catch-up is running. */
  settled(): Promise<void>;
}

/**
 * The websocket -> Kafka service. After any reconnect it pages the REST API from the newest
 * created_at seen (minus `catchUpOverlapMs`; before any article, from the first subscription) to
 * now, so news published during the gap arrives; the publisher's dedupe drops what both paths saw.
 */
export function createNewsStreamer(options: NewsStreamerOptions, deps: NewsStreamerDeps): NewsStreamer {
  const now = deps.now ?? Date.now;
  const log = deps.logger.child({ component: 'streamer' });
  const producer = deps.stream.producer();
  const publisher = new Publisher({
    producer,
    topic: options.topic,
    dlqTopic: options.dlqTopic,
    logger: log,
    now,
    dedupeCapacity: options.dedupeCapacity,
    maxBatch: options.maxBatch,
    maxBatchBytes: options.maxBatchBytes,
  });
  const http =
    deps.http ??
    createHttpClient({
      baseUrl: options.restBaseUrl,
      timeoutMs: options.httpTimeoutMs,
      maxRetries: options.httpMaxRetries,
      logger: log,
      random: deps.random,
    });
  const stopping = new AbortController();
  let accepting = true;
  let firstReadyAtMs: number | undefined;
  let pendingFromMs: number | undefined;
  let catchUpLoop: Promise<void> | undefined;

  const client: NewsStreamClient = createNewsStreamClient({
    url: options.streamUrl,
    credentials: options.credentials,
    symbols: options.symbols,
    pingIntervalMs: options.pingIntervalMs,
    pongTimeoutMs: options.pongTimeoutMs,
    handshakeTimeoutMs: options.handshakeTimeoutMs,
    reconnect: options.reconnect,
    logger: log,
    now,
    random: deps.random,
    onReady: ({ reconnected }) => {
      firstReadyAtMs ??= now();
      if (!reconnected) return;
      const from = (publisher.stats().latestCreatedAtMs ?? firstReadyAtMs) - options.catchUpOverlapMs;
      pendingFromMs = Math.min(pendingFromMs ?? from, from);
      catchUpLoop ??= runCatchUps().finally(() => (catchUpLoop = undefined));
    },
    onArticles: (articles, at) => {
      if (accepting) for (const article of articles) publisher.accept(article, 'stream', at);
    },
    onBadFrame: (frame, at) => {
      if (accepting) publisher.acceptBadFrame(frame, at);
    },
  });

  async function runCatchUps(): Promise<void> {
    let failures = 0;
    while (pendingFromMs !== undefined && !stopping.signal.aborted) {
      const fromMs = pendingFromMs;
      pendingFromMs = undefined;
      try {
        await catchUp({
          http,
          credentials: options.credentials,
          symbols: options.symbols,
          fromMs,
          toMs: now() + options.catchUpEndSlackMs,
          now,
          logger: log,
          signal: stopping.signal,
          onRecords: (records, at) => {
            if (accepting) for (const record of records) publisher.accept(record, 'rest', at);
          },
        });
        failures = 0;
      } catch (error) {
        // Keep the window: the next try (or the next reconnect's) starts no later than this one.
        pendingFromMs = Math.min(pendingFromMs ?? fromMs, fromMs);
        const delayMs = Math.min(options.reconnect.maxDelayMs, options.reconnect.initialDelayMs * 2 ** failures++);
        log.error('news catch-up failed; retrying', { error: (error as Error).message, delayMs });
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          stopping.signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
        });
      }
    }
  }

  const done = client.done;
  let stopped: Promise<void> | undefined;

  return {
    async start() {
      if (options.topicPartitions > 0) {
        await deps.stream.createTopics([
          { topic: options.topic, partitions: options.topicPartitions },
          { topic: options.dlqTopic, partitions: options.topicPartitions },
        ]);
      }
      log.info('news streamer starting', {
        url: options.streamUrl,
        topic: options.topic,
        dlqTopic: options.dlqTopic,
        symbols: options.symbols.length === 0 ? ['*'] : options.symbols,
        stream: deps.stream.describe(),
      });
      client.start();
    },
    done,
    stop: () =>
      (stopped ??= (async () => {
        accepting = false;
        stopping.abort();
        await catchUpLoop;
        const unsent = await publisher.close(options.flushTimeoutMs);
        await client.stop();
        await producer.close();
        log.info('news streamer stopped', { ...publisher.stats(), unsent });
      })()),
    health() {
      const state = client.state();
      const stats = publisher.stats();
      const at = now();
      const disconnectedForMs = state.connected ? 0 : at - state.since;
      const failingForMs = stats.failingSince === null ? 0 : at - stats.failingSince;
      return {
        connected: state.connected,
        lastMessageAt: state.lastActivityAt === null ? null : new Date(state.lastActivityAt).toISOString(),
        lagMs: stats.lagMs,
        published: stats.published,
        dlq: stats.dlq,
        duplicates: stats.duplicates,
        pending: stats.pending,
        disconnectedForMs,
        catchingUp: catchUpLoop !== undefined,
        fatal: state.fatal?.message ?? null,
        healthy:
          state.fatal === null &&
          disconnectedForMs < options.unhealthyAfterMs &&
          failingForMs < options.unhealthyAfterMs,
      };
    },
    async settled() {
      while (catchUpLoop) await catchUpLoop;
      await publisher.flush();
    },
  };
}
