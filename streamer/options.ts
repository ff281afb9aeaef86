import { sections, type NewsStreamConfig } from '../shared/config';
import { ConfigError } from '../shared/errors';
import type { AlpacaNewsCredentials } from '../shared/sources/alpaca-news';
import type { NewsStreamerOptions } from './streamer';

/** The config's `newsStream` section (NEWS_*, ALPACA_NEWS_*, PORT, HEALTH_HOST). */
export type NewsStreamSettings = NewsStreamConfig;

/** The config's `alpaca` section (keys optional there; required here). */
export interface AlpacaKeys {
  keyId?: AlpacaNewsCredentials['keyId'];
  secretKey?: AlpacaNewsCredentials['secretKey'];
}

/** '*' (or blank) -> [] (every symbol); 'aapl, MSFT' -> ['AAPL', 'MSFT'], without repeats. */
export function parseSubscribe(value: string): string[] {
  const symbols = value
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s) => s !== '');
  return symbols.includes('*') ? [] : [...new Set(symbols)];
}

/**
 * Pure mapping from config slices to the streamer's options.
 * @throws ConfigError naming every missing key variable.
 */
export function toNewsStreamerOptions(
  settings: NewsStreamSettings,
  alpaca: AlpacaKeys,
  http: { timeoutMs: number; maxRetries: number },
): NewsStreamerOptions {
  const missing = (['keyId', 'secretKey'] as const)
    .filter((field) => !alpaca[field])
    .map((field) => sections.alpaca[field].env);
  if (missing.length > 0 || !alpaca.keyId || !alpaca.secretKey) {
    const issues = missing.map((name) => `${name}: is required by the news streamer`);
    throw new ConfigError(`invalid configuration: ${issues.join('; ')}`, issues);
  }
  return {
    streamUrl: settings.streamUrl,
    restBaseUrl: settings.restBaseUrl,
    credentials: { keyId: alpaca.keyId, secretKey: alpaca.secretKey },
    symbols: parseSubscribe(settings.subscribe),
    topic: settings.topic,
    dlqTopic: settings.dlqTopic,
    topicPartitions: settings.topicPartitions,
    pingIntervalMs: settings.pingIntervalMs,
    pongTimeoutMs: settings.pongTimeoutMs,
    handshakeTimeoutMs: settings.handshakeTimeoutMs,
    reconnect: {
      initialDelayMs: settings.reconnectInitialDelayMs,
      maxDelayMs: settings.reconnectMaxDelayMs,
      multiplier: 2,
      stableAfterMs: settings.reconnectStableAfterMs,
    },
    catchUpOverlapMs: settings.catchUpOverlapMs,
    catchUpEndSlackMs: 5 * 60_000,
    httpTimeoutMs: http.timeoutMs,
    httpMaxRetries: http.maxRetries,
    unhealthyAfterMs: settings.unhealthyAfterMs,
    flushTimeoutMs: settings.flushTimeoutMs,
  };
}
