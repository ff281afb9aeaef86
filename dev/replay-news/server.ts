/**
 * The news replay server: the Alpaca news websocket (`ws://127.0.0.1:<port>/v1beta1/news`), the
 * Alpaca news REST endpoint (`/v1beta1/news`) and Yahoo's headline RSS (`/rss/2.0/headline`) on
 * one local port, all over ONE history of deterministic articles (articles.ts) generated at a
 * chosen rate or on demand. Controls let tests drop connections mid-stream (the generator keeps
 * publishing, so the gap must be caught up through REST), send malformed articles and errors,
 * pause the generator and stop answering pings. Bound to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../replay-kit/listen';
import { WebSocketServer } from 'ws';
import { createFaultController, type FaultController } from '../replay/faults';
import { createRequestLog, type RequestLog } from '../replay/request-log';
import type { ReplayAnswer } from '../replay/routes/types';
import {
  DEFAULT_FIRST_NEWS_ID,
  replayNewsArticle,
  rfc3339Seconds,
  toStreamMessage,
  type ReplayNewsRecord,
} from './articles';
import { answerNewsRequest, answerRssRequest, type NewsCredentials } from './rest-route';
import { createRateGenerator, type RateGenerator } from './rate';
import { reviseRecord, type ReplayNewsChanges } from './revisions';
import { errorMessage, openSession, sendFrame, wants, type Session } from './ws-sessions';

export interface NewsReplayOptions {
  /** Articles per second generated automatically; 0 (default): only `publish(n)` generates. */
  ratePerSec?: number;
  /** Stop generating automatically after this many articles in all. Default: no limit. */
  maxArticles?: number;
  /** Id of article 0. Default 40 000 000. */
  firstId?: number;
  credentials?: Partial<NewsCredentials>;
  /** Authenticated websocket sessions allowed at once. Default 1 (Alpaca's usual plan limit). */
  maxConnections?: number;
  /** Time to authenticate after connecting before error 404. Default 10 000 ms (Alpaca's). */
  authTimeoutMs?: number;
  /** Most articles per websocket frame. Default 100. */
  maxFrameArticles?: number;
  /** The clock for article timestamps and REST's default `end`. */
  now?: () => number;
  /** Default 0: a free port. */
  port?: number;
}

export interface NewsReplayServer {
  /** e.g. 'ws://127.0.0.1:40123/v1beta1/news'. */
  streamUrl: string;
  /** e.g. 'http://127.0.0.1:40123': the base URL of the REST and RSS endpoints. */
  baseUrl: string;
  credentials: NewsCredentials;
  /** REST fault injection (429 with Retry-After, 5xx, malformed JSON, slow), as in dev/replay. */
  faults: FaultController;
  requests: RequestLog;
  /** Generates `count` articles now (and sends them to subscribed sessions); returns their ids. */
  publish(count?: number): number[];
  /** Ids of every (well-formed) article generated so far, in order: what must arrive exactly once. */
  published(): number[];
  /** Every generated record so far (REST shape), each in its current version. */
  history(): readonly ReplayNewsRecord[];
  /**
   * Edits article `id` as Alpaca does: a new version with `changes` and a later `updated_at` (the
   * clock's now, or one second after the current version) replaces the record REST serves, and is
   * sent to subscribed sessions. Returns the new version. @throws RangeError for an unknown id.
   */
  revise(id: number, changes?: ReplayNewsChanges): ReplayNewsRecord;
  /**
   * Serves exactly `record` for its id from now on, e.g. an OLDER version (a lagging replica), so
   * tests can check it does not overwrite a newer one. Not sent to sessions. @throws RangeError for an unknown id.
   */
  serveVersion(record: ReplayNewsRecord): void;
  /** Ids sent by `sendMalformed` (they are not in the REST history). */
  malformed(): number[];
  /** Terminates every websocket (no close frame, as a network drop); generation goes on. */
  dropConnections(): void;
  /** Sends an `n` message that breaks the contract (null headline, bad timestamp, symbols not an array); returns its id. */
  sendMalformed(): number;
  /** Sends a frame that is not JSON to every session. */
  sendGarbage(text?: string): void;
  /** Sends `[{"T":"error","code":code,"msg":...}]` to every session, closing them if `close`. */
  sendError(code: number, options?: { close?: boolean }): void;
  pause(): void;
  resume(): void;
  /** When false, pings from clients get no pong (to test the client's heartbeat). Default true. */
  setAnswerPings(answer: boolean): void;
  /** Websocket connections accepted so far, and sessions that authenticated. */
  connectionCount(): number;
  authenticatedCount(): number;
  /** Sessions open now. */
  openSessions(): number;
  /** Close codes of the sessions that ended, in order (1000 = the client closed cleanly, 1006 = dropped). */
  closeCodes(): number[];
  /** Closes everything. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_NEWS_REPLAY_CREDENTIALS: NewsCredentials = {
  keyId: 'replay-alpaca-key-id',
  secretKey: 'replay-alpaca-secret',
};

function send(res: ServerResponse, answer: ReplayAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/** Starts the server; resolves once it listens. */
export async function startNewsReplayServer(options: NewsReplayOptions = {}): Promise<NewsReplayServer> {
  const now = options.now ?? Date.now;
  const credentials: NewsCredentials = { ...DEFAULT_NEWS_REPLAY_CREDENTIALS, ...options.credentials };
  const firstId = options.firstId ?? DEFAULT_FIRST_NEWS_ID;
  const maxFrame = options.maxFrameArticles ?? 100;
  const faults = createFaultController();
  const requests = createRequestLog();
  const records: ReplayNewsRecord[] = [];
  const malformedIds: number[] = [];
  const sessions = new Set<Session>();
  let nextIndex = 0;
  let connections = 0;
  let authenticated = 0;
  let answerPings = true;
  const closeCodes: number[] = [];

  const broadcast = (messages: Record<string, unknown>[]) => {
    for (const session of sessions) {
      const wanted = messages.filter((m) => wants(session, (Array.isArray(m.symbols) ? m.symbols : []) as string[]));
      for (let i = 0; i < wanted.length; i += maxFrame) sendFrame(session, wanted.slice(i, i + maxFrame));
    }
  };

  const publish = (count = 1): number[] => {
    const at = now();
    const fresh = Array.from({ length: count }, () => replayNewsArticle(nextIndex++, at, firstId));
    records.push(...fresh);
    broadcast(fresh.map(toStreamMessage));
    return fresh.map((r) => r.id);
  };

  const indexOf = (id: number): number => {
    const index = records.findIndex((r) => r.id === id);
    if (index < 0) throw new RangeError(`no published article has id ${id}`);
    return index;
  };

  const generator: RateGenerator = createRateGenerator({
    ratePerSec: options.ratePerSec ?? 0,
    maxCount: options.maxArticles,
    now,
    emit: (n) => void publish(n),
  });

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://replay.local');
    const pathAndQuery = url.search ? `${url.pathname}${url.search}` : url.pathname;
    const known = url.pathname === '/v1beta1/news' || url.pathname === '/rss/2.0/headline';
    const fault = known ? faults.take(pathAndQuery) : undefined;
    const provider =
      url.pathname === '/v1beta1/news' ? 'alpaca' : url.pathname === '/rss/2.0/headline' ? 'yahoo' : 'unknown';
    const finish = (answer: ReplayAnswer) => {
      // atMs is the real clock (not the article clock): tests measure waits between retries with it.
      requests.record({
        method: req.method ?? 'GET',
        provider,
        path: url.pathname,
        pathAndQuery,
        query: Object.fromEntries(url.searchParams),
        status: answer.status,
        atMs: Date.now(),
        ...(fault ? { fault: fault.kind } : {}),
      });
      send(res, answer);
    };
    if (!known) return finish({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' });
    const answer = () =>
      provider === 'alpaca'
        ? answerNewsRequest(url.searchParams, req.headers, records, credentials, now())
        : answerRssRequest(url.searchParams, records);
    switch (fault?.kind) {
      case 'rate_limit':
        return finish({
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': String(fault.retryAfterS ?? 1) },
          body: JSON.stringify({ message: 'too many requests.' }),
        });
      case 'server_error':
        return finish({
          status: fault.status ?? 500,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ message: 'internal server error' }),
        });
      case 'malformed_json': {
        const real = answer();
        return finish({ ...real, body: real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2))) });
      }
      case 'slow': {
        const timer = setTimeout(() => !res.destroyed && finish(answer()), fault.delayMs ?? 0);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      default:
        return finish(answer());
    }
  };

  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (error) {
      send(res, {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: `replay server error: ${(error as Error).message}`,
      });
    }
  });
  const wss = new WebSocketServer({ server, path: '/v1beta1/news', autoPong: false });
  wss.on('connection', (socket) => {
    connections += 1;
    socket.on('ping', (data) => answerPings && socket.pong(data));
    openSession(socket, sessions, {
      credentials,
      maxConnections: options.maxConnections ?? 1,
      authTimeoutMs: options.authTimeoutMs ?? 10_000,
      onAuthenticated: () => (authenticated += 1),
      onClosed: (code) => closeCodes.push(code),
    });
  });
  const listener = await listenOnLoopback(server, options.port);
  generator.start();

  return {
    streamUrl: `ws://127.0.0.1:${listener.port}/v1beta1/news`,
    baseUrl: listener.baseUrl,
    credentials,
    faults,
    requests,
    publish,
    published: () => records.map((r) => r.id),
    history: () => records,
    revise: (id, changes) => {
      const index = indexOf(id);
      const next = reviseRecord(records[index]!, now(), changes);
      records[index] = next;
      broadcast([toStreamMessage(next)]);
      return next;
    },
    serveVersion: (record) => {
      records[indexOf(record.id)] = { ...record };
    },
    malformed: () => [...malformedIds],
    dropConnections: () => {
      for (const session of sessions) session.socket.terminate();
    },
    sendMalformed: () => {
      const id = firstId + nextIndex++;
      malformedIds.push(id);
      const at = rfc3339Seconds(now());
      broadcast([
        {
          T: 'n',
          id,
          headline: null,
          summary: '',
          author: 'Replay Newsdesk',
          created_at: 'not-a-timestamp',
          updated_at: at,
          url: 'ftp://nowhere',
          content: '',
          symbols: ['*'],
          source: 'benzinga',
        },
      ]);
      return id;
    },
    sendGarbage: (text = 'this is not json') => {
      for (const session of sessions) if (session.socket.readyState === session.socket.OPEN) session.socket.send(text);
    },
    sendError: (code, o = {}) => {
      for (const session of sessions) {
        sendFrame(session, [{ T: 'error', code, msg: errorMessage(code) }]);
        if (o.close) session.socket.close(1011, errorMessage(code));
      }
    },
    pause: () => generator.pause(),
    resume: () => generator.resume(),
    setAnswerPings: (answer) => {
      answerPings = answer;
    },
    connectionCount: () => connections,
    authenticatedCount: () => authenticated,
    openSessions: () => sessions.size,
    closeCodes: () => [...closeCodes],
    stop: () =>
      listener.stop(() => {
        generator.stop();
        for (const session of sessions) session.socket.terminate();
        wss.close();
      }),
  };
}
