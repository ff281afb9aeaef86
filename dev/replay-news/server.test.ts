/** The news replay server speaks Alpaca's protocol exactly: raw websocket frames and REST answers. */
import WebSocket from 'ws';
import { articleTraits, replayNewsArticle } from './articles';
import { dueCount } from './rate';
import { startNewsReplayServer, type NewsReplayServer } from './server';

let server: NewsReplayServer;
const sockets: WebSocket[] = [];
beforeEach(async () => {
  server = await startNewsReplayServer({ authTimeoutMs: 300 });
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await server.stop();
});

/** Opens a raw socket and collects every frame (parsed) it receives. */
async function open(): Promise<{
  socket: WebSocket;
  frames: unknown[][];
  next: () => Promise<unknown[]>;
  closed: Promise<number>;
}> {
  const socket = new WebSocket(server.streamUrl);
  sockets.push(socket);
  const frames: unknown[][] = [];
  const waiters: ((frame: unknown[]) => void)[] = [];
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as unknown[];
    const waiter = waiters.shift();
    if (waiter) waiter(frame);
    else frames.push(frame);
  });
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  return {
    socket,
    frames,
    closed,
    next: () =>
      frames.length > 0 ? Promise.resolve(frames.shift()!) : new Promise((resolve) => waiters.push(resolve)),
  };
}

const auth = (key = server.credentials.keyId, secret = server.credentials.secretKey) =>
  JSON.stringify({ action: 'auth', key, secret });

it('greets, authenticates, subscribes and sends articles as arrays of T=n', async () => {
  const c = await open();
  expect(await c.next()).toEqual([{ T: 'success', msg: 'connected' }]);
  c.socket.send(JSON.stringify({ action: 'subscribe', news: ['*'] }));
  expect(await c.next()).toEqual([{ T: 'error', code: 401, msg: 'not authenticated' }]);
  c.socket.send(auth());
  expect(await c.next()).toEqual([{ T: 'success', msg: 'authenticated' }]);
  c.socket.send(JSON.stringify({ action: 'subscribe', trades: ['AAPL'] }));
  expect(await c.next()).toEqual([{ T: 'error', code: 410, msg: 'invalid subscribe action for this feed' }]);
  c.socket.send('{nope');
  expect(await c.next()).toEqual([{ T: 'error', code: 400, msg: 'invalid syntax' }]);
  c.socket.send(JSON.stringify({ action: 'subscribe', news: ['*'] }));
  expect(await c.next()).toEqual([{ T: 'subscription', news: ['*'] }]);
  const [id] = server.publish(2);
  const frame = (await c.next()) as Record<string, unknown>[];
  expect(frame.map((a) => a.T)).toEqual(['n', 'n']);
  expect(frame[0]!.id).toBe(id);
  expect('images' in frame[0]!).toBe(false);
});

it('402 for bad keys (then closes), 406 for a second session, 404 when auth never comes', async () => {
  const bad = await open();
  await bad.next();
  bad.socket.send(auth('x', 'y'));
  expect(await bad.next()).toEqual([{ T: 'error', code: 402, msg: 'auth failed' }]);
  expect(await bad.closed).toBe(1008);

  const first = await open();
  await first.next();
  first.socket.send(auth());
  await first.next();
  const second = await open();
  await second.next();
  second.socket.send(auth());
  expect(await second.next()).toEqual([{ T: 'error', code: 406, msg: 'connection limit exceeded' }]);

  const idle = await open();
  await idle.next();
  expect(await idle.next()).toEqual([{ T: 'error', code: 404, msg: 'auth timeout' }]);
  expect(await idle.closed).toBe(1008);
});

it('REST pages over the same history with Alpaca tokens, newest first by default', async () => {
  server.publish(25); // some have updated_at one second after now: a future `end` is needed to see them
  const newestFirst = [...server.history()]
    .sort((a, b) => b.updated_at.localeCompare(a.updated_at) || b.id - a.id)
    .map((a) => a.id);
  const end = `end=${new Date(Date.now() + 60_000).toISOString()}`;
  const headers = { 'APCA-API-KEY-ID': server.credentials.keyId, 'APCA-API-SECRET-KEY': server.credentials.secretKey };
  const get = async (query: string) =>
    (await fetch(`${server.baseUrl}/v1beta1/news?${query}`, { headers })).json() as Promise<{
      news: { id: number; content?: string }[];
      next_page_token: string | null;
    }>;
  const first = await get(`limit=10&${end}`);
  expect(first.news.map((a) => a.id)).toEqual(newestFirst.slice(0, 10));
  expect(first.news[0]!.content).toBeUndefined();
  const ids: number[] = [];
  let token: string | null = '';
  while (token !== null) {
    const page: { news: { id: number }[]; next_page_token: string | null } = await get(
      `limit=10&sort=asc&include_content=true&${end}${token ? `&page_token=${encodeURIComponent(token)}` : ''}`,
    );
    ids.push(...page.news.map((a) => a.id));
    token = page.next_page_token;
  }
  expect(ids).toEqual([...newestFirst].reverse());
  expect((await fetch(`${server.baseUrl}/v1beta1/news`)).status).toBe(403);
  expect((await fetch(`${server.baseUrl}/v1beta1/news?limit=51`, { headers })).status).toBe(422);
});

it('articles are deterministic per index; rates are due by floor', () => {
  expect(replayNewsArticle(3, 0)).toEqual(replayNewsArticle(3, 0));
  expect(replayNewsArticle(3, 0).headline).toMatch(/^<script>/);
  expect(articleTraits(0).html && replayNewsArticle(0, 0).content.includes('<p>')).toBe(true);
  expect([dueCount(999, 1), dueCount(1_000, 1), dueCount(10, 1_000), dueCount(-5, 10)]).toEqual([0, 1, 10, 0]);
});
