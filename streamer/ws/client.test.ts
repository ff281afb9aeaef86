/** The websocket client against the replay server's real protocol (no broker needed). */
import { startNewsReplayServer, type NewsReplayServer } from '../../dev/replay-news';
import { secretOf, quietLogger, waitFor } from '../test-support';
import {
  createNewsStreamClient,
  NewsStreamFatalError,
  type NewsStreamClient,
  type NewsStreamClientOptions,
} from './client';

let server: NewsReplayServer;
let clients: NewsStreamClient[] = [];
beforeEach(async () => {
  server = await startNewsReplayServer();
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.stop()));
  clients = [];
  await server.stop();
});

function client(overrides: Partial<NewsStreamClientOptions> = {}) {
  const received: number[] = [];
  const ready: boolean[] = [];
  const c = createNewsStreamClient({
    url: server.streamUrl,
    credentials: { keyId: secretOf(server.credentials.keyId), secretKey: secretOf(server.credentials.secretKey) },
    symbols: [],
    pingIntervalMs: 100,
    pongTimeoutMs: 200,
    handshakeTimeoutMs: 2_000,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100, multiplier: 2, stableAfterMs: 10_000 },
    logger: quietLogger(),
    now: Date.now,
    onReady: ({ reconnected }) => ready.push(reconnected),
    onArticles: (articles) => received.push(...articles.map((a) => a.id as number)),
    onBadFrame: () => undefined,
    ...overrides,
  });
  clients.push(c);
  c.start();
  return { c, received, ready };
}

it('authenticates, subscribes and receives articles as arrays', async () => {
  const { c, received, ready } = client();
  await waitFor('connected', () => c.state().connected);
  const ids = server.publish(5);
  await waitFor('articles', () => received.length === 5);
  expect(received).toEqual(ids);
  expect(ready).toEqual([false]);
});

it('a symbol subscription only receives matching articles', async () => {
  const { c, received } = client({ symbols: ['MSFT'] });
  await waitFor('connected', () => c.state().connected);
  const ids = server.publish(20);
  const msft = server
    .history()
    .filter((r) => r.symbols.includes('MSFT'))
    .map((r) => r.id);
  server.publish(0);
  await waitFor('msft articles', () => received.length >= msft.length);
  expect(received).toEqual(msft);
  expect(msft.length).toBeLessThan(ids.length);
});

it('402 auth failed is fatal: a clear error and no reconnect loop', async () => {
  expect.assertions(4);
  const { c } = client({ credentials: { keyId: secretOf('wrong'), secretKey: secretOf('wrong') } });
  try {
    await c.done;
  } catch (error) {
    expect(error).toBeInstanceOf(NewsStreamFatalError);
    expect((error as NewsStreamFatalError).code).toBe(402);
    expect((error as Error).message).toBe('news stream stopped for good: alpaca news stream error 402: auth failed');
  }
  expect(server.connectionCount()).toBe(1);
});

it('406 for a second connection is retried until the first lets go', async () => {
  const first = client();
  await waitFor('first connected', () => first.c.state().connected);
  const second = client();
  await waitFor('second refused at least once', () => second.c.state().connections >= 2);
  expect(second.c.state().connected).toBe(false);
  await first.c.stop();
  await waitFor('second connected', () => second.c.state().connected, 5_000);
  expect(second.ready).toEqual([false]);
});

it('an unanswered ping terminates the socket and the client reconnects (reconnected = true)', async () => {
  const { c, ready } = client();
  await waitFor('connected', () => c.state().connected);
  server.setAnswerPings(false);
  await waitFor('second connection attempt', () => server.connectionCount() >= 2);
  server.setAnswerPings(true);
  await waitFor('ready again', () => ready.length >= 2 && c.state().connected);
  expect(ready.slice(0, 2)).toEqual([false, true]);
  expect(server.closeCodes()[0]).toBe(1006);
});
