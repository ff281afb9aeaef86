/**
 * A Product Hunt API v2 stand-in: `POST /v2/api/graphql` answering the `posts` query from the
 * deterministic posts of posts.ts, in Product Hunt's documented shape: bearer auth, cursor paging,
 * nulls for optional fields, the complexity budget in `X-Rate-Limit-*` headers, and HTTP 429
 * `rate_limit_reached` when the budget is spent or a fault says so; on request, malformed posts and
 * counts that grow between runs. Bound to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../replay-kit/listen';
import { parsePostsRequest } from './graphql';
import { cursorOf, positionOf, replayPosts, type ReplayPostsOptions } from './posts';

export interface ProductHuntReplayOptions extends ReplayPostsOptions {
  /** The accepted bearer token. Default 'replay-producthunt-token'. */
  token?: string;
  /** Complexity points per window. Default 6 250. */
  budgetLimit?: number;
  /** Window length in ms. Default 900 000 (15 minutes). */
  windowMs?: number;
  /** Cost of a page: 1 + pointsPerPost * first. Default 2. */
  pointsPerPost?: number;
  port?: number;
}

/** What the server was asked; never headers or tokens. */
export interface ProductHuntRequestRecord {
  method: string;
  path: string;
  first?: number;
  after?: string;
  postedAfter?: string;
  order?: string;
  status: number;
  fault?: 'rate_limit' | 'server_error';
}

export interface ProductHuntFaults {
  /** After `afterCalls` more successful pages (default 0), answer 429 rate_limit_reached `times` times (default 1) with `reset_in: resetInS` (default 600). */
  rateLimit(options?: { afterCalls?: number; times?: number; resetInS?: number }): void;
  /** The next `times` requests (default 1) answer `status` (default 500). */
  serverError(options?: { times?: number; status?: number }): void;
  /**
   * Serves the post with `id` with `patch` merged into its node (a malformed post: a wrong type, a
   * bad URL, a negative count, `undefined` to drop a field), on every page that holds it.
   */
  corruptPost(id: string, patch: Record<string, unknown>): void;
  /** Adds `votes` and `comments` to every post's counts from now on (launches gaining votes between runs). */
  growCounts(options: { votes?: number; comments?: number }): void;
  clear(): void;
}

export interface ProductHuntReplayServer {
  /** e.g. 'http://127.0.0.1:40123': the Product Hunt base URL. */
  baseUrl: string;
  token: string;
  faults: ProductHuntFaults;
  requests: { all(): readonly ProductHuntRequestRecord[]; count(): number; clear(): void };
  /** Points left in the current window. */
  remaining(): number;
  stop(): Promise<void>;
}

interface RateRule {
  skip: number;
  times: number;
  resetInS: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** The body of Product Hunt's 429. */
export function rateLimitBody(limit: number, remaining: number, resetInS: number): unknown {
  return {
    data: null,
    errors: [
      {
        error: 'rate_limit_reached',
        error_description: 'Sorry. You have exceeded the API rate limit, please try again later.',
        details: { limit, remaining, reset_in: resetInS },
      },
    ],
  };
}

/** Starts a server; resolves once it listens. */
export async function startProductHuntReplayServer(
  options: ProductHuntReplayOptions = {},
): Promise<ProductHuntReplayServer> {
  const posts = replayPosts(options);
  const token = options.token ?? 'replay-producthunt-token';
  const limit = options.budgetLimit ?? 6_250;
  const windowMs = options.windowMs ?? 900_000;
  const pointsPerPost = options.pointsPerPost ?? 2;
  let windowEnds = 0;
  let used = 0;
  let rateRules: RateRule[] = [];
  let errorRule: { times: number; status: number } | undefined;
  let patches = new Map<string, Record<string, unknown>>();
  let growth = { votes: 0, comments: 0 };
  const served = (post: (typeof posts)[number]): Record<string, unknown> => ({
    ...post,
    votesCount: post.votesCount + growth.votes,
    commentsCount: post.commentsCount + growth.comments,
    ...patches.get(post.id),
  });
  let log: ProductHuntRequestRecord[] = [];

  const window = () => {
    const now = Date.now();
    if (now >= windowEnds) {
      windowEnds = now + windowMs;
      used = 0;
    }
    return { resetInS: Math.max(1, Math.ceil((windowEnds - now) / 1000)), remaining: () => limit - used };
  };

  const handle = (req: IncomingMessage, res: ServerResponse, raw: string) => {
    const path = new URL(req.url ?? '/', 'http://replay.local').pathname;
    const record: ProductHuntRequestRecord = { method: req.method ?? 'GET', path, status: 0 };
    const finish = (status: number, body: unknown, headers?: Record<string, string>) => {
      record.status = status;
      log.push(record);
      send(res, status, body, headers);
    };
    if (path !== '/v2/api/graphql') return finish(404, { error: 'not_found' });
    if (record.method !== 'POST') return finish(405, { error: 'method_not_allowed' });
    if (req.headers.authorization !== `Bearer ${token}`) {
      return finish(401, {
        data: null,
        errors: [
          {
            error: 'invalid_oauth_token',
            error_description:
              'Please supply a valid access token. Refer to our api documentation about how to authorize an api request.',
          },
        ],
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return finish(400, { errors: [{ message: 'Unexpected end of input' }] });
    }
    const parsed = parsePostsRequest(body);
    if (!parsed.ok) return finish(200, { data: null, errors: [{ message: parsed.message }] });
    Object.assign(record, parsed.args);
    const { first, after, postedAfter } = parsed.args;
    const w = window();
    const headers = () => ({
      'x-rate-limit-limit': String(limit),
      'x-rate-limit-remaining': String(Math.max(0, w.remaining())),
      'x-rate-limit-reset': String(w.resetInS),
    });

    if (errorRule !== undefined) {
      record.fault = 'server_error';
      const status = errorRule.status;
      if (--errorRule.times === 0) errorRule = undefined;
      return finish(status, { errors: [{ error: 'server_error', error_description: 'Oops, something went wrong.' }] });
    }
    const rule = rateRules[0];
    if (rule !== undefined && rule.skip === 0) {
      record.fault = 'rate_limit';
      if (--rule.times === 0) rateRules.shift();
      return finish(429, rateLimitBody(limit, Math.max(0, w.remaining()), rule.resetInS), {
        ...headers(),
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(rule.resetInS),
      });
    }
    const cost = 1 + pointsPerPost * first;
    if (w.remaining() < cost) return finish(429, rateLimitBody(limit, w.remaining() - cost, w.resetInS), headers());

    let start = 0;
    if (after !== undefined) {
      const position = positionOf(after);
      if (position === undefined) return finish(200, { data: null, errors: [{ message: `Invalid cursor: ${after}` }] });
      start = position;
    }
    const matching =
      postedAfter === undefined ? posts : posts.filter((p) => Date.parse(p.createdAt) > Date.parse(postedAfter));
    const slice = matching.slice(start, start + first);
    used += cost;
    if (rule !== undefined) rule.skip -= 1;
    const edges = slice.map((post, i) => ({ cursor: cursorOf(start + i + 1), node: served(post) }));
    const pageInfo = {
      endCursor: edges.length > 0 ? cursorOf(start + edges.length) : null,
      hasNextPage: start + edges.length < matching.length,
    };
    return finish(200, { data: { posts: { edges, pageInfo } } }, headers());
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'));
      } catch (error) {
        send(res, 500, { errors: [{ message: `replay server error: ${(error as Error).message}` }] });
      }
    });
  });
  const listener = await listenOnLoopback(server, options.port);
  return {
    baseUrl: listener.baseUrl,
    token,
    faults: {
      rateLimit: (o = {}) => {
        rateRules.push({ skip: o.afterCalls ?? 0, times: o.times ?? 1, resetInS: o.resetInS ?? 600 });
      },
      serverError: (o = {}) => {
        errorRule = { times: o.times ?? 1, status: o.status ?? 500 };
      },
      corruptPost: (id, patch) => {
        if (!posts.some((p) => p.id === id)) throw new RangeError(`no replay post has id ${id}`);
        patches.set(id, { ...patches.get(id), ...patch });
      },
      growCounts: (o) => {
        growth = { votes: growth.votes + (o.votes ?? 0), comments: growth.comments + (o.comments ?? 0) };
      },
      clear: () => {
        rateRules = [];
        errorRule = undefined;
        patches = new Map();
        growth = { votes: 0, comments: 0 };
      },
    },
    requests: {
      all: () => log,
      count: () => log.length,
      clear: () => {
        log = [];
      },
    },
    remaining: () => window().remaining(),
    stop: () => listener.stop(),
  };
}
