/**
 * Every function's HTTP surface through functions-framework's own server (`getTestServer`: the same
 * Express app, body parsers and routing as `functions-framework --target=<name>`), with real HTTP
 * requests on 127.0.0.1: only POST starts a pipeline run, a body over MAX_REQUEST_BODY_BYTES is a
 * 413, malformed JSON a JSON 400 (never the framework's HTML page with a stack trace), for the four
 * pipeline functions alike; the dashboard keeps GET and refuses the same bodies as JSON.
 *
 * No request here may start anything, so none needs a stand-in: the configuration points the
 * warehouse and the lake into an empty directory and every provider at a sentinel server, and the
 * last test checks that the directory is still empty and the sentinel was never called.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MAX_REQUEST_BODY_BYTES } from '../shared/pipelines/http-surface';

// tsconfig's node10 resolution cannot see the package's `exports` subpath; node's require can.
const { getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

const REPO_ROOT = resolve(__dirname, '..');

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One request with node's client, so GET and HEAD may carry a body and chunking is explicit. */
function send(
  base: string,
  method: string,
  options: { body?: string | Buffer; type?: string; chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const url = new URL('/', base);
  const body = options.body === undefined ? undefined : Buffer.from(options.body);
  const headers: Record<string, string> = { ...options.headers };
  if (options.type !== undefined) headers['content-type'] = options.type;
  if (body !== undefined) {
    if (options.chunked) headers['transfer-encoding'] = 'chunked';
    else headers['content-length'] = String(body.length);
  }
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        done({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', fail);
    });
    req.on('error', fail);
    if (body !== undefined && options.chunked) {
      // Two chunks, no Content-Length: the size is known only once the body is read.
      const half = Math.floor(body.length / 2);
      req.write(body.subarray(0, half));
      req.end(body.subarray(half));
    } else {
      req.end(body);
    }
  });
}

/** Exactly `bytes` bytes of valid JSON that `field` alone makes a bad request for every pipeline. */
function paddedJson(bytes: number, field = 'notARequestField'): string {
  const json = JSON.stringify({ [field]: 1 });
  return json + ' '.repeat(bytes - json.length);
}

/** The body says nothing of the server: no HTML, no stack frame, no file path. */
function expectNoServerDetails(text: string): void {
  expect(text).not.toMatch(/<html|<!DOCTYPE/i);
  expect(text).not.toMatch(/\bat \S+ \(|\bat \//);
  expect(text).not.toContain(REPO_ROOT);
  expect(text).not.toContain('/work');
  expect(text).not.toContain('node_modules');
}

function expectJson(answer: Answer): Record<string, unknown> {
  expect(answer.headers['content-type']).toMatch(/^application\/json/);
  expectNoServerDetails(answer.text);
  return JSON.parse(answer.text) as Record<string, unknown>;
}

const PIPELINE_FUNCTIONS = [
  { folder: 'prices', entryPoint: 'prices' },
  { folder: 'news', entryPoint: 'news' },
  { folder: 'product-hunt', entryPoint: 'productHunt' },
  { folder: 'crunchbase', entryPoint: 'crunchbase' },
] as const;

describe('the functions’ HTTP surface under functions-framework', () => {
  let dir: string;
  let sentinel: Server;
  let sentinelHits = 0;
  const servers: Server[] = [];
  const bases = new Map<string, string>();
  const saved = new Map<string, string | undefined>();

  const listen = async (server: Server): Promise<string> => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'http-surface-'));
    sentinel = createServer((_req, res) => {
      sentinelHits += 1;
      res.writeHead(503).end();
    });
    const nowhere = await listen(sentinel);
    const env: Record<string, string> = {
      WAREHOUSE_BACKEND: 'duckdb',
      DUCKDB_PATH: join(dir, 'warehouse.duckdb'),
      LAKE_BACKEND: 'local',
      LAKE_DIR: join(dir, 'lake'),
      EVENTS_DIR: join(dir, 'events'),
      STREAM_DIR: join(dir, 'stream'),
      LOG_LEVEL: 'error',
      LOG_FORMAT: 'json',
      HTTP_MAX_RETRIES: '0',
      // Keys present, so a run that did start would get as far as calling the sentinel.
      PRODUCT_HUNT_TOKEN: 'test-token',
      CRUNCHBASE_API_KEY: 'test-key',
      YAHOO_BASE_URL: nowhere,
      YAHOO_RSS_BASE_URL: nowhere,
      ALPACA_DATA_BASE_URL: nowhere,
      ALPACA_NEWS_BASE_URL: nowhere,
      POLYGON_BASE_URL: nowhere,
      PRODUCT_HUNT_BASE_URL: nowhere,
      CRUNCHBASE_BASE_URL: nowhere,
    };
    for (const [key, value] of Object.entries(env)) {
      saved.set(key, process.env[key]);
      process.env[key] = value;
    }
    for (const fn of [...PIPELINE_FUNCTIONS, { folder: 'dashboard', entryPoint: 'dashboard' }]) {
      await import(`./${fn.folder}/index`);
      const server = getTestServer(fn.entryPoint);
      servers.push(server);
      bases.set(fn.entryPoint, await listen(server));
    }
  });

  afterAll(async () => {
    for (const server of [...servers, sentinel]) {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    }
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  describe.each(PIPELINE_FUNCTIONS)('$entryPoint', ({ entryPoint }) => {
    const base = () => bases.get(entryPoint)!;

    it.each(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])(
      '%s answers 405 with Allow: POST and a JSON body',
      async (method) => {
        const answer = await send(base(), method, method === 'GET' ? {} : { body: '{}', type: 'application/json' });
        expect(answer.status).toBe(405);
        expect(answer.headers.allow).toBe('POST');
        expect(expectJson(answer)).toMatchObject({ error: 'method_not_allowed' });
      },
    );

    it('HEAD answers 405 with Allow: POST and no body', async () => {
      const answer = await send(base(), 'HEAD');
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('POST');
      expect(answer.text).toBe('');
    });

    it.each(['{bad', '{"mode": "incremental",}', 'not json at all', '[1, 2'])(
      'malformed JSON %j is the JSON 400 of every bad request',
      async (body) => {
        const answer = await send(base(), 'POST', { body, type: 'application/json' });
        expect(answer.status).toBe(400);
        const json = expectJson(answer);
        expect(json).toMatchObject({
          error: 'bad_request',
          message: expect.any(String),
          problems: [{ path: '', code: 'invalid_json', message: expect.any(String) }],
        });
      },
    );

    it(`a body of MAX_REQUEST_BODY_BYTES + 1 (${MAX_REQUEST_BODY_BYTES + 1} bytes) is a JSON 413, declared or chunked`, async () => {
      for (const chunked of [false, true]) {
        const answer = await send(base(), 'POST', {
          body: paddedJson(MAX_REQUEST_BODY_BYTES + 1),
          type: 'application/json',
          chunked,
        });
        expect(answer.status).toBe(413);
        expect(expectJson(answer)).toMatchObject({ error: 'payload_too_large', limitBytes: MAX_REQUEST_BODY_BYTES });
      }
    });

    it('a body of exactly MAX_REQUEST_BODY_BYTES is not refused for its size: it reaches the request parser', async () => {
      for (const chunked of [false, true]) {
        const answer = await send(base(), 'POST', {
          body: paddedJson(MAX_REQUEST_BODY_BYTES),
          type: 'application/json',
          chunked,
        });
        expect(answer.status).toBe(400);
        const json = expectJson(answer) as { error: string; problems: { code: string }[] };
        expect(json.error).toBe('bad_request');
        // The pipeline's own schema answered (an unknown key), not the JSON decoder.
        expect(json.problems.map((p) => p.code)).toContain('unrecognized_keys');
      }
    });

    it('a compressed body or an undecodable charset is a JSON 415', async () => {
      const gzip = await send(base(), 'POST', {
        body: '{}',
        type: 'application/json',
        headers: { 'content-encoding': 'gzip' },
      });
      expect(gzip.status).toBe(415);
      expect(expectJson(gzip)).toMatchObject({ error: 'unsupported_media_type' });
      const charset = await send(base(), 'POST', { body: '{}', type: 'application/json; charset=latin9' });
      expect(charset.status).toBe(415);
      expect(expectJson(charset)).toMatchObject({ error: 'unsupported_media_type' });
    });
  });

  describe('dashboard (GET and HEAD only)', () => {
    const base = () => bases.get('dashboard')!;

    it('still serves GET and HEAD', async () => {
      const page = await send(base(), 'GET');
      expect(page.status).toBe(200);
      expect(page.text).toContain('<script src="/static/app.js" defer></script>');
      const head = await send(base(), 'HEAD');
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
    });

    it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'])('%s answers 405 with Allow: GET, HEAD', async (method) => {
      const answer = await send(base(), method, { body: '{}', type: 'application/json' });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET, HEAD');
      expect(expectJson(answer)).toMatchObject({ error: 'method_not_allowed' });
    });

    it.each(['GET', 'POST'])('malformed JSON sent with %s is a JSON 400, not an HTML stack trace', async (method) => {
      const answer = await send(base(), method, { body: '{bad', type: 'application/json' });
      expect(answer.status).toBe(400);
      expect(expectJson(answer)).toMatchObject({ error: 'bad_request', problems: [{ code: 'invalid_json' }] });
    });

    it('a body over MAX_REQUEST_BODY_BYTES is a JSON 413, declared or chunked', async () => {
      for (const chunked of [false, true]) {
        const answer = await send(base(), 'GET', {
          body: paddedJson(MAX_REQUEST_BODY_BYTES + 1),
          type: 'application/json',
          chunked,
        });
        expect(answer.status).toBe(413);
        expect(expectJson(answer)).toMatchObject({ error: 'payload_too_large' });
      }
    });
  });

  // Last: every request above was refused before a run could start.
  it('started nothing: no provider was called, no warehouse, ledger or lake was created', () => {
    expect(sentinelHits).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });
});
