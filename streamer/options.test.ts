import { ConfigError } from '../shared/errors';
import { parseSubscribe, toNewsStreamerOptions, type NewsStreamSettings } from './options';

const settings: NewsStreamSettings = {
  streamUrl: 'wss://stream.data.alpaca.markets/v1beta1/news',
  restBaseUrl: 'https://data.alpaca.markets',
  subscribe: 'aapl, MSFT,AAPL',
  topic: 'news',
  dlqTopic: 'news.dlq',
  topicPartitions: 6,
  port: 8080,
  host: '127.0.0.1',
  pingIntervalMs: 15_000,
  pongTimeoutMs: 10_000,
  handshakeTimeoutMs: 15_000,
  reconnectInitialDelayMs: 500,
  reconnectMaxDelayMs: 30_000,
  reconnectStableAfterMs: 60_000,
  catchUpOverlapMs: 60_000,
  unhealthyAfterMs: 120_000,
  flushTimeoutMs: 8_000,
};
const key = { reveal: () => 'k' };

it.each([
  ['*', []],
  ['', []],
  ['AAPL,*', []],
  [' aapl , msft ,aapl', ['AAPL', 'MSFT']],
])('parseSubscribe(%p)', (value, expected) => {
  expect(parseSubscribe(value)).toEqual(expected);
});

it('maps the config slices to streamer options', () => {
  const options = toNewsStreamerOptions(settings, { keyId: key, secretKey: key }, { timeoutMs: 30_000, maxRetries: 5 });
  expect(options).toMatchObject({
    symbols: ['AAPL', 'MSFT'],
    topic: 'news',
    dlqTopic: 'news.dlq',
    reconnect: { initialDelayMs: 500, maxDelayMs: 30_000, multiplier: 2, stableAfterMs: 60_000 },
    httpMaxRetries: 5,
  });
});

it('names every missing key variable', () => {
  expect.assertions(2);
  try {
    toNewsStreamerOptions(settings, {}, { timeoutMs: 1, maxRetries: 0 });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).issues).toEqual([
      'APCA_API_KEY_ID: is required by the news streamer',
      'APCA_API_SECRET_KEY: is required by the news streamer',
    ]);
  }
});
