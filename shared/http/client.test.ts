import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { AuthError, HttpError, NetworkError } from '../errors';
import { createLogger } from '../log/logger';
import { createHttpClient, type HttpClientOptions } from './client';
import { paginate } from './paginate';
import { createRateLimiter } from './rate-limit';
import { InvalidResponseError } from './response';
import { BROWSER_USER_AGENT, DEFAULT_USER_AGENT } from './user-agent';

/** What the real server saw. */
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  atMs: number;
}
type Reply = (res: ServerResponse, seen: Seen) => void;

/** A real node:http server on 127.0.0.1:0 answering each path from a script; the last reply repeats. */
async function startServer(
  script: Record<string, Reply[]>,
): Promise<{ baseUrl: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        atMs: performance.now(),
      };
      seen.push(entry);
      const path = new URL(entry.url, 'http://x').pathname;
      const replies = script[path] ?? [(r: ServerResponse) => json(r, 404, { error: 'no route' })];
      const n = counts.get(path) ?? 0;
      counts.set(path, n + 1);
      replies[Math.min(n, replies.length - 1)]!(res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
const ok =
  (body: unknown = { ok: true }): Reply =>
  (res) =>
    json(res, 200, body);
const status =
  (code: number, headers: Record<string, string> = {}): Reply =>
  (res, seen) =>
    json(res, code, { error: `status ${code}`, attempt: seen.url }, headers);
const hang: Reply = () => {
  /* never answers: the client's timeout must fire */
};

type Server_ = Awaited<ReturnType<typeof startServer>>;

describe('createHttpClient against a real local server', () => {
  let server: Server_ | undefined;
  let delays: number[];

  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function clientFor(script: Record<string, Reply[]>, overrides: Partial<HttpClientOptions> = {}) {
    server = await startServer(script);
    delays = [];
    const client = createHttpClient({
      baseUrl: `${server.baseUrl}/v2`,
      timeoutMs: 2_000,
      maxRetries: 3,
      sleep: async (ms) => {
        delays.push(ms);
      },
      random: () => 0.5,
      ...overrides,
    });
    return { client, seen: server.seen };
  }

  it('honours Retry-After in seconds on 429, then succeeds', async () => {
    const { client, seen } = await clientFor({ '/v2/bars': [status(429, { 'retry-after': '1' }), ok({ bars: [1] })] });
    await expect(client.getJson('/bars', { symbols: 'AAPL' })).resolves.toEqual({ bars: [1] });
    expect(seen.map((s) => s.url)).toEqual(['/v2/bars?symbols=AAPL', '/v2/bars?symbols=AAPL']);
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(1_000);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const now = new Date('2026-01-02T03:04:05.000Z');
    const at = new Date(now.getTime() + 7_000).toUTCString();
    const { client } = await clientFor({ '/v2/x': [status(503, { 'retry-after': at }), ok()] }, { now: () => now });
    await client.getJson('/x');
    expect(delays).toHaveLength(1);
    expect(delays[0]).toBeGreaterThanOrEqual(7_000);
  });

  it('retries 503 with jittered exponential backoff, then succeeds', async () => {
    const { client, seen } = await clientFor(
      { '/v2/x': [status(503), status(502), status(500), ok()] },
      { retry: { baseDelayMs: 100 } },
    );
    await expect(client.getJson('/x')).resolves.toEqual({ ok: true });
    expect(seen).toHaveLength(4);
    // random() = 0.5 of a ceiling that doubles: 100, 200, 400.
    expect(delays).toEqual([50, 100, 200]);
  });

  it.each([
    [404, HttpError],
    [400, HttpError],
    [401, AuthError],
    [403, AuthError],
  ])('does not retry %i; throws %p', async (code, type) => {
    expect.assertions(5);
    const { client, seen } = await clientFor({ '/v2/x': [status(code), ok()] });
    try {
      await client.getJson('/x');
    } catch (error) {
      expect(error).toBeInstanceOf(type);
      expect(error).toMatchObject({ status: code, method: 'GET', retriable: false });
      expect((error as HttpError).message).toMatch(
        new RegExp(`^GET http://127\\.0\\.0\\.1:\\d+/v2/x -> ${code} .*status ${code}`),
      );
    }
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('turns a timeout into a retriable NetworkError and retries it', async () => {
    const { client, seen } = await clientFor({ '/v2/slow': [hang, ok({ late: false })] }, { timeoutMs: 150 });
    await expect(client.getJson('/slow')).resolves.toEqual({ late: false });
    expect(seen).toHaveLength(2);
    expect(delays).toHaveLength(1);
  });

  it('throws NetworkError naming the timeout once retries are spent', async () => {
    const { client, seen } = await clientFor({ '/v2/slow': [hang] }, { timeoutMs: 100, maxRetries: 1 });
    const error = await client.getJson('/slow').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('timed out after 100 ms') });
    expect(seen).toHaveLength(2);
  });

  it('throws the LAST error when retries are exhausted', async () => {
    const { client, seen } = await clientFor({ '/v2/x': [status(500), status(502), status(503)] }, { maxRetries: 2 });
    const error = await client.getJson('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(delays).toHaveLength(2);
  });

  it('turns a refused connection into a retriable NetworkError', async () => {
    const { client } = await clientFor({}, { maxRetries: 1 });
    await server!.close();
    server = undefined;
    const error = await client.getJson('/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ retriable: true, message: expect.stringContaining('ECONNREFUSED') });
    expect(delays).toHaveLength(1);
  });

  it('never retries a TypeError (a bad header is a bug, not an outage)', async () => {
    const { client, seen } = await clientFor({ '/v2/x': [ok()] });
    // fetch's TypeError comes from undici's realm, so compare by name rather than jest's global TypeError.
    await expect(client.request({ path: '/x', headers: { 'x-bad': 'line\nbreak' } })).rejects.toMatchObject({
      name: 'TypeError',
    });
    expect(seen).toHaveLength(0);
    expect(delays).toEqual([]);
  });

  it.each([
    ['default product UA', undefined, DEFAULT_USER_AGENT],
    ['browser-like UA', 'browser', BROWSER_USER_AGENT],
    ['custom UA', 'research-bot/1.0 (ops@example.com)', 'research-bot/1.0 (ops@example.com)'],
  ])('sends the %s', async (_name, userAgent, expected) => {
    const { client, seen } = await clientFor({ '/v2/x': [ok()] }, { userAgent });
    await client.getJson('/x');
    expect(seen[0]?.headers['user-agent']).toBe(expected);
  });

  it('keeps secret query parameters out of error messages, context and logs, even when the server echoes them', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', format: 'json', write: (line) => lines.push(line) });
    const echo =
      (code: number): Reply =>
      (res, s) =>
        json(res, code, { error: 'bad', url: s.url, auth: s.headers.authorization });
    const { client, seen } = await clientFor(
      { '/v2/x': [echo(503), echo(400)] },
      { logger, headers: { Authorization: 'Bearer SEKRIT-hdr-3' } },
    );
    const error = await client
      .getJson('/x', { apiKey: 'SEKRIT-api-1', token: 'SEKRIT-tok-2', symbol: 'AAPL' })
      .catch((e: unknown) => e);
    expect(seen[0]?.url).toContain('apiKey=SEKRIT-api-1');
    expect(error).toBeInstanceOf(HttpError);
    const shown = JSON.stringify({
      message: (error as HttpError).message,
      url: (error as HttpError).url,
      context: (error as HttpError).context,
      logs: lines,
    });
    expect(shown).not.toContain('SEKRIT');
    expect((error as HttpError).url).toMatch(/\/v2\/x\?apiKey=REDACTED&token=REDACTED&symbol=AAPL$/);
    expect((error as HttpError).message).toContain('"auth":"REDACTED"');
    expect(lines.some((line) => line.includes('"http retry"'))).toBe(true);
  });

  it('sends JSON bodies, merged default headers and query arrays', async () => {
    const { client, seen } = await clientFor(
      { '/v2/graphql': [(res, s) => json(res, 200, { echo: JSON.parse(s.body) })] },
      { headers: { Authorization: 'Bearer t' } },
    );
    const response = await client.request({
      method: 'post',
      path: 'graphql',
      query: { id: [1, 2], skip: undefined },
      json: { query: '{ posts }' },
    });
    expect(response.status).toBe(200);
    expect(response.json()).toEqual({ echo: { query: '{ posts }' } });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/v2/graphql?id=1&id=2' });
    expect(seen[0]?.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
  });

  it('rejects a 200 whose body is not JSON with InvalidResponseError', async () => {
    const { client } = await clientFor({ '/v2/x': [(res) => res.end('<html>')] });
    await expect(client.getJson('/x')).rejects.toThrow(InvalidResponseError);
  });

  it('follows a same-origin next link but refuses another origin', async () => {
    const { client } = await clientFor({ '/v2/x': [ok()] });
    await expect(client.getJson(`${server!.baseUrl}/v2/x?cursor=2`)).resolves.toEqual({ ok: true });
    await expect(client.getJson('http://127.0.0.2:1/v2/x')).rejects.toThrow(TypeError);
  });

  it('paginates over the server with a cursor', async () => {
    const page =
      (n: number, next?: string): Reply =>
      (res) =>
        json(res, 200, { items: [n], next });
    const { client } = await clientFor({ '/v2/items': [page(1, 'b'), page(2, 'c'), page(3)] });
    type Page = { items: number[]; next?: string };
    const get = (cursor?: string) => () => client.getJson<Page>('/items', { cursor });
    const items: number[] = [];
    for await (const p of paginate(get(), (p: Page) => (p.next ? get(p.next) : undefined))) items.push(...p.items);
    expect(items).toEqual([1, 2, 3]);
    expect(server!.seen.map((s) => s.url)).toEqual(['/v2/items', '/v2/items?cursor=b', '/v2/items?cursor=c']);
  });
});

describe('rate limiting against a real local server', () => {
  let server: Server_ | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('spaces every request of one provider, across clients sharing the limiter', async () => {
    server = await startServer({ '/a': [ok()], '/b': [ok()] });
    // The pass-through fetch records when each request leaves (what the limiter controls); the
    // server's receipt times share this process's busy event loop, so they only bound the total.
    const sentAt: number[] = [];
    const recordingFetch: typeof fetch = (input, init) => {
      sentAt.push(performance.now());
      return fetch(input, init);
    };
    const limiter = createRateLimiter({ requestsPerInterval: 5, intervalMs: 300 }); // one start per 60 ms
    const common = {
      baseUrl: server.baseUrl,
      timeoutMs: 2_000,
      maxRetries: 0,
      rateLimit: limiter,
      fetch: recordingFetch,
    };
    const a = createHttpClient(common);
    const b = createHttpClient(common);
    await Promise.all([
      a.getJson('/a'),
      b.getJson('/b'),
      a.getJson('/a'),
      b.getJson('/b'),
      a.getJson('/a'),
      b.getJson('/b'),
    ]);
    expect(server.seen).toHaveLength(6);
    const gaps = sentAt.slice(1).map((t, i) => t - sentAt[i]!);
    // Measured where the request is sent, a few async hops after the limiter lets it start; on a
    // loaded 2-core machine those hops vary by up to a millisecond or two (59.01 ms was seen), so
    // the slack is 2 ms. Without the limiter the gaps would be about 0.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(58);
    const received = server.seen.map((s) => s.atMs);
    expect(received[5]! - received[0]!).toBeGreaterThanOrEqual(5 * 60 - 50);
  });

  it('lets unlimited clients fire at once (the spacing above is the limiter, not the server)', async () => {
    server = await startServer({ '/a': [ok()] });
    const client = createHttpClient({ baseUrl: server.baseUrl, timeoutMs: 2_000, maxRetries: 0 });
    await Promise.all([1, 2, 3, 4, 5, 6].map(() => client.getJson('/a')));
    const times = server.seen.map((s) => s.atMs);
    expect(times[5]! - times[0]!).toBeLessThan(5 * 60 - 50);
  });
});
