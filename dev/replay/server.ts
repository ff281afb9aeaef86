/**
 * The provider replay server: Yahoo chart v8, Alpaca v2 bars and Polygon aggregates v2 on one
 * local port, answering in each provider's documented shape from the deterministic series of
 * price-series.ts, with runtime fault injection and a request log. Bound to 127.0.0.1 only.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '../replay-kit/listen';
import { createFaultController, type FaultController } from './faults';
import { createNyClock } from './ny-clock';
import { DEFAULT_SPLITS, barsFor, splitAdjusted, type SplitSpec } from './price-series';
import { NYSE_HOLIDAYS } from './calendar';
import { createRequestLog, type RequestLog } from './request-log';
import { alpacaRoute } from './routes/alpaca';
import { polygonRoute } from './routes/polygon';
import type { ProviderRoute, ReplayAnswer, ReplayCredentials, RouteContext } from './routes/types';
import { yahooRoute } from './routes/yahoo';

export interface PriceReplayOptions {
  /** Seeds every series (see price-series.ts). Default 1. */
  seed?: number | string;
  /** Closed days besides weekends. Default NYSE_HOLIDAYS (2022-2027). */
  holidays?: readonly string[];
  /** One split per ticker. Default DEFAULT_SPLITS (NVDA 10:1 on 2024-06-10); `{}` for none. */
  splits?: Readonly<Record<string, SplitSpec>>;
  /** The server's "today" (New York date): no bar after it, splits after it not yet applied. Default: the real date in New York. */
  today?: string;
  /** Default 0: a free port. */
  port?: number;
  /** Accepted credentials; defaults are fixed strings exposed on the handle. */
  credentials?: Partial<ReplayCredentials>;
  /** Symbols no provider knows (Yahoo 404, Alpaca and Polygon empty). */
  unknownTickers?: readonly string[];
  /** If set, Polygon answers 403 NOT_AUTHORIZED for ranges starting before this date. */
  polygonHistoryStart?: string;
}

export interface PriceReplayServer {
  /** e.g. 'http://127.0.0.1:40123'; every provider's base URL. */
  baseUrl: string;
  today: string;
  credentials: ReplayCredentials;
  faults: FaultController;
  requests: RequestLog;
  /** Closes the port, drops open connections and pending slow answers. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_REPLAY_CREDENTIALS: ReplayCredentials = {
  alpaca: { keyId: 'replay-alpaca-key-id', secretKey: 'replay-alpaca-secret' },
  polygon: { apiKey: 'replay-polygon-key' },
};

const ROUTES: readonly ProviderRoute[] = [yahooRoute, alpacaRoute, polygonRoute];

function send(res: ServerResponse, answer: ReplayAnswer): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}

/** Starts a server; resolves once it listens. Rejects if the port cannot be bound. */
export async function startPriceReplayServer(options: PriceReplayOptions = {}): Promise<PriceReplayServer> {
  const clock = createNyClock();
  const today = options.today ?? clock.dateOf(Date.now()) ?? new Date().toISOString().slice(0, 10);
  const credentials: ReplayCredentials = { ...DEFAULT_REPLAY_CREDENTIALS, ...options.credentials };
  const series = {
    seed: options.seed ?? 1,
    holidays: options.holidays ?? NYSE_HOLIDAYS,
    splits: options.splits ?? DEFAULT_SPLITS,
  };
  const faults = createFaultController();
  const requests = createRequestLog();
  const timers = new Set<NodeJS.Timeout>();
  const clampTo = (to: string) => (to > today ? today : to);

  const ctx: RouteContext = {
    baseUrl: '',
    today,
    series,
    credentials,
    unknownTickers: new Set(options.unknownTickers ?? []),
    polygonHistoryStart: options.polygonHistoryStart,
    clock,
    nullsFor: (ticker, date) => faults.nullsFor(ticker, date),
    bars: (ticker, from, to) => barsFor(ticker, from, clampTo(to), series),
    adjustedBars: (ticker, from, to) =>
      splitAdjusted(barsFor(ticker, from, clampTo(to), series), series.splits[ticker], today),
    split: (ticker) => series.splits[ticker],
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://replay.local');
    const visible = new URLSearchParams(url.searchParams);
    visible.delete('apiKey');
    const pathAndQuery = visible.size > 0 ? `${url.pathname}?${visible.toString()}` : url.pathname;
    const route = ROUTES.find((r) => r.handles(url.pathname));
    const request = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers };
    const fault = route === undefined ? undefined : faults.take(pathAndQuery);
    const finish = (answer: ReplayAnswer) => {
      requests.record({
        method: request.method,
        provider: route?.provider ?? 'unknown',
        path: url.pathname,
        pathAndQuery,
        query: Object.fromEntries(visible),
        status: answer.status,
        atMs: Date.now(),
        ...(fault ? { fault: fault.kind } : {}),
      });
      send(res, answer);
    };
    if (route === undefined)
      return finish({ status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' });
    if (request.method !== 'GET')
      return finish({
        status: 405,
        headers: { 'content-type': 'text/plain', allow: 'GET' },
        body: 'Method Not Allowed',
      });
    const answer = () => route.answer(request, ctx);
    switch (fault?.kind) {
      case 'rate_limit':
        return finish(route.rateLimited(fault.retryAfterS ?? 1, ctx, request));
      case 'server_error':
        return finish(route.serverError(fault.status ?? 500, ctx, request));
      case 'malformed_json': {
        const real = answer();
        return finish({
          ...real,
          status: 200,
          body: real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2))),
        });
      }
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) finish(answer());
        }, fault.delayMs ?? 0);
        timers.add(timer);
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
      // A bug in the replay server must show up as an answer, not hang the client under test.
      send(res, {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: `replay server error: ${(error as Error).message}`,
      });
    }
  });
  const listener = await listenOnLoopback(server, options.port);
  ctx.baseUrl = listener.baseUrl;

  return {
    baseUrl: ctx.baseUrl,
    today,
    credentials,
    faults,
    requests,
    stop: () =>
      listener.stop(() => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
      }),
  };
}
