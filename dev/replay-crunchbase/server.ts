/**
 * A Crunchbase API v4 stand-in: `GET /api/v4/entities/organizations/{permalink}` (field_ids,
 * card_ids=raised_funding_rounds) and `POST /api/v4/searches/funding_rounds` (after_id paging),
 * from the deterministic data of data.ts, in Crunchbase's shape: `X-cb-user-key` auth, absent
 * (not null) missing fields, 404 for unknown permalinks, 429 on demand. Bound to 127.0.0.1 only.
 *
 * Error bodies are lists of `{ code, message }`; the codes used here ('MD301' not found, 'LA201'
 * bad key, 'LA200' rate limit) are stand-ins: Crunchbase's exact codes were not verifiable.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../replay-kit/listen';
import { performance } from 'node:perf_hooks';
import { replayOrganizations, replayRoundsInSearchOrder, type CbReplayOptions } from './data';

export interface CrunchbaseReplayOptions extends CbReplayOptions {
  /** The accepted key. Default 'replay-crunchbase-key'. */
  apiKey?: string;
  port?: number;
}

/** What the server was asked; never headers or keys. */
export interface CrunchbaseRequestRecord {
  method: string;
  path: string;
  permalink?: string;
  afterId?: string;
  limit?: number;
  status: number;
  fault?: 'rate_limit' | 'server_error';
  /** When the request arrived (performance.now(), ms): retry spacing is measured from these. */
  atMs: number;
}

export interface CrunchbaseFaults {
  /**
   * The next `times` requests (default 1) whose path contains `match` (default: any) answer 429
   * with `Retry-After: retryAfterS` (default 1), after letting the first `after` (default 0)
   * matching requests through: `after: 1` on the search stops it at its second page.
   */
  rateLimit(options?: { times?: number; retryAfterS?: number; match?: string; after?: number }): void;
  /**
   * Overrides properties of one organization's answers (a value of `undefined` removes the
   * field): malformed data for quarantine tests. Cleared by `clear()`.
   */
  patchOrganization(permalink: string, properties: Record<string, unknown>): void;
  /** The next `times` requests (default 1) answer `status` (default 500). */
  serverError(options?: { times?: number; status?: number }): void;
  clear(): void;
}

export interface CrunchbaseReplayServer {
  baseUrl: string;
  apiKey: string;
  faults: CrunchbaseFaults;
  requests: { all(): readonly CrunchbaseRequestRecord[]; count(): number; clear(): void };
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const pick = (object: Json, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => object[f] !== undefined).map((f) => [f, object[f]]));

/** Starts a server; resolves once it listens. */
export async function startCrunchbaseReplayServer(
  options: CrunchbaseReplayOptions = {},
): Promise<CrunchbaseReplayServer> {
  const apiKey = options.apiKey ?? 'replay-crunchbase-key';
  const orgs = new Map(replayOrganizations(options).map((org) => [org.permalink, org]));
  const rounds = replayRoundsInSearchOrder(options);
  let log: CrunchbaseRequestRecord[] = [];
  let rateRule: { times: number; retryAfterS: number; match: string; after: number } | undefined;
  let patches = new Map<string, Json>();
  let errorRule: { times: number; status: number } | undefined;

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const url = new URL(req.url ?? '/', 'http://replay.local');
    const record: CrunchbaseRequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname,
      status: 0,
      atMs: performance.now(),
    };
    const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
      record.status = status;
      log.push(record);
      send(res, status, body, headers);
    };
    const entity = /^\/api\/v4\/entities\/organizations\/([^/]+)$/.exec(url.pathname);
    const search = url.pathname === '/api/v4/searches/funding_rounds';
    if (!entity && !search) return finish(404, [{ code: 'MD000', message: `Unknown path ${url.pathname}` }]);
    if (entity) record.permalink = decodeURIComponent(entity[1] as string);
    if (req.headers['x-cb-user-key'] !== apiKey)
      return finish(401, [{ code: 'LA201', message: 'Missing or invalid user key' }]);
    if (rateRule !== undefined && url.pathname.includes(rateRule.match) && rateRule.after > 0) {
      rateRule.after -= 1;
    } else if (rateRule !== undefined && url.pathname.includes(rateRule.match)) {
      record.fault = 'rate_limit';
      const retryAfterS = rateRule.retryAfterS;
      if (--rateRule.times === 0) rateRule = undefined;
      return finish(429, [{ code: 'LA200', message: 'Rate limit exceeded: 200 calls per minute' }], {
        'retry-after': String(retryAfterS),
      });
    }
    if (errorRule !== undefined) {
      record.fault = 'server_error';
      const status = errorRule.status;
      if (--errorRule.times === 0) errorRule = undefined;
      return finish(status, [{ code: 'SY500', message: 'Internal server error' }]);
    }
    if (entity) {
      if (record.method !== 'GET') return finish(405, [{ code: 'MD000', message: 'Method not allowed' }]);
      const org = orgs.get(record.permalink as string);
      if (org === undefined)
        return finish(404, [{ code: 'MD301', message: `Entity not found: organizations/${record.permalink}` }]);
      const fields = (url.searchParams.get('field_ids') ?? 'identifier').split(',');
      const cards = (url.searchParams.get('card_ids') ?? '').split(',').filter((c) => c !== '');
      const patched: Json = { ...org.properties, ...(patches.get(org.permalink) ?? {}) };
      const body: Json = { properties: pick(patched, fields) };
      if (cards.includes('raised_funding_rounds')) body.cards = { raised_funding_rounds: org.rounds };
      return finish(200, body);
    }
    if (record.method !== 'POST') return finish(405, [{ code: 'MD000', message: 'Method not allowed' }]);
    let query: { field_ids?: unknown; query?: unknown; limit?: unknown; after_id?: unknown };
    try {
      query = JSON.parse(raw);
    } catch {
      return finish(400, [{ code: 'MD100', message: 'Request body is not JSON' }]);
    }
    const limit = typeof query.limit === 'number' ? query.limit : 50;
    const fields = Array.isArray(query.field_ids) ? (query.field_ids as string[]) : ['identifier'];
    const since = (Array.isArray(query.query) ? (query.query as Json[]) : []).find(
      (p) => p.field_id === 'announced_on' && p.operator_id === 'gte',
    );
    const sinceDate = Array.isArray(since?.values) ? String(since.values[0]) : '0000-00-00';
    const matching = rounds.filter((r) => (r.announced_on as string) >= sinceDate);
    let start = 0;
    if (typeof query.after_id === 'string') {
      record.afterId = query.after_id;
      const at = matching.findIndex((r) => r.uuid === query.after_id);
      if (at === -1) return finish(400, [{ code: 'MD100', message: `Unknown after_id ${query.after_id}` }]);
      start = at + 1;
    }
    record.limit = limit;
    const entities = matching.slice(start, start + limit).map((r) => ({ uuid: r.uuid, properties: pick(r, fields) }));
    return finish(200, { count: matching.length, entities });
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        send(res, 500, [{ code: 'SY500', message: `replay server error: ${(error as Error).message}` }]);
      }
    });
  });
  const listener = await listenOnLoopback(server, options.port);
  return {
    baseUrl: listener.baseUrl,
    apiKey,
    faults: {
      rateLimit: (o = {}) => {
        rateRule = { times: o.times ?? 1, retryAfterS: o.retryAfterS ?? 1, match: o.match ?? '', after: o.after ?? 0 };
      },
      patchOrganization: (permalink, properties) => {
        patches.set(permalink, { ...(patches.get(permalink) ?? {}), ...properties });
      },
      serverError: (o = {}) => {
        errorRule = { times: o.times ?? 1, status: o.status ?? 500 };
      },
      clear: () => {
        rateRule = undefined;
        errorRule = undefined;
        patches = new Map();
      },
    },
    requests: {
      all: () => log,
      count: () => log.length,
      clear: () => {
        log = [];
      },
    },
    stop: () => listener.stop(),
  };
}
