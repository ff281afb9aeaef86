/**
 * Test helpers for the streamer's tests (imported by *.test.ts only): fast timings against the
 * replay server, a secret wrapper, a deadline poll, and a topic reader.
 */
import type { NewsReplayServer } from '../dev/replay-news';
import { createSilentLogger } from '../shared/log';
import type { ConsumedMessage, Stream } from '../shared/stream';
import type { NewsStreamerOptions } from './streamer';

/** A `Secret`-like value for tests. */
export const secretOf = (value: string) => ({ reveal: () => value, toString: () => '[REDACTED]' });

/** Streamer options with timings short enough for tests. */
export function fastStreamerOptions(
  server: NewsReplayServer,
  overrides: Partial<NewsStreamerOptions> = {},
): NewsStreamerOptions {
  return {
    streamUrl: server.streamUrl,
    restBaseUrl: server.baseUrl,
    credentials: { keyId: secretOf(server.credentials.keyId), secretKey: secretOf(server.credentials.secretKey) },
    symbols: [],
    topic: 'news',
    dlqTopic: 'news.dlq',
    topicPartitions: 3,
    pingIntervalMs: 200,
    pongTimeoutMs: 400,
    handshakeTimeoutMs: 3_000,
    reconnect: { initialDelayMs: 50, maxDelayMs: 400, multiplier: 2, stableAfterMs: 5_000 },
    catchUpOverlapMs: 2_000,
    catchUpEndSlackMs: 60_000,
    httpTimeoutMs: 5_000,
    httpMaxRetries: 3,
    unhealthyAfterMs: 10_000,
    flushTimeoutMs: 10_000,
    ...overrides,
  };
}

/** Polls `check` until it returns true, or throws `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Consumes `topic` from the beginning in a fresh group until `done(messages)` holds. */
export async function readTopic(
  stream: Stream,
  topic: string,
  groupId: string,
  done: (messages: ConsumedMessage[]) => boolean,
  timeoutMs = 30_000,
): Promise<ConsumedMessage[]> {
  const messages: ConsumedMessage[] = [];
  const consumer = stream.consumer({ groupId, topics: [topic], fromBeginning: true });
  await consumer.run({ eachBatch: async (batch) => void messages.push(...batch.messages) });
  try {
    await waitFor(`messages on ${topic} (have ${messages.length})`, () => done(messages), timeoutMs);
  } finally {
    await consumer.stop();
  }
  return messages;
}

/** A logger that prints nothing. */
export const quietLogger = () => createSilentLogger();
