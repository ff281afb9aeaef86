import { IngestError } from '../../shared/errors';
import type { Logger } from '../../shared/log/types';
import type { AlpacaNewsCredentials } from '../../shared/sources/alpaca-news';
import { openConnection, type Connection, type ConnectionEnd } from './connection';
import { createBackoff, type ReconnectPolicy } from './reconnect';

/**
 * The stream cannot go on without a human (bad keys, plan, or subscription list): the client has
 * stopped and will not reconnect. `code` is the server's error code (402, 409, ...).
 */
export class NewsStreamFatalError extends IngestError {
  readonly code: number | undefined;
  constructor(end: ConnectionEnd) {
    super(`news stream stopped for good: ${end.message}`, {
      retriable: false,
      context: { code: end.code, reason: end.reason },
    });
    this.code = end.code;
  }
}

export interface NewsStreamClientOptions {
  /** wss://stream.data.alpaca.markets/v1beta1/news, or the replay server's URL. */
  url: string;
  credentials: AlpacaNewsCredentials;
  /** Empty: every symbol ("*"). */
  symbols: readonly string[];
  pingIntervalMs: number;
  pongTimeoutMs: number;
  handshakeTimeoutMs: number;
  reconnect: ReconnectPolicy;
  logger: Logger;
  now: () => number;
  random?: () => number;
  /** Waits between attempts; `signal` aborts the wait on stop(). */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Subscribed. `reconnected` is false only for the first connection of this client. */
  onReady(info: { reconnected: boolean }): void;
  onArticles(articles: Record<string, unknown>[], receivedAtMs: number): void;
  onBadFrame(frame: string, receivedAtMs: number): void;
}

/** Connection state for /healthz. */
export interface NewsStreamState {
  connected: boolean;
  /** When the current state began (ms since the epoch). */
  since: number;
  /** Last frame or pong from the server, ms since the epoch, or null. */
  lastActivityAt: number | null;
  /** Connections opened so far. */
  connections: number;
  fatal: NewsStreamFatalError | null;
}

export interface NewsStreamClient {
  /** Starts connecting in the background; `done` settles when the client ends. */
  start(): void;
  /** Resolves when stopped by `stop()`; rejects with NewsStreamFatalError on a fatal server error. */
  readonly done: Promise<void>;
  /** Closes the socket with code 1000 and stops reconnecting. Idempotent. */
  stop(): Promise<void>;
  state(): NewsStreamState;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/**
 * Keeps one websocket to the news stream: connects, and after any loss reconnects with
 * exponential backoff and jitter (reset once a connection stayed up `stableAfterMs`), until
 * stopped or a fatal server error (see ws/protocol.ts for the per-code decision).
 */
export function createNewsStreamClient(options: NewsStreamClientOptions): NewsStreamClient {
  const log = options.logger.child({ component: 'news-stream' });
  const backoff = createBackoff(options.reconnect, options.random);
  const sleep = options.sleep ?? abortableSleep;
  const stopping = new AbortController();
  const state: NewsStreamState = {
    connected: false,
    since: options.now(),
    lastActivityAt: null,
    connections: 0,
    fatal: null,
  };
  let current: Connection | undefined;
  let loop: Promise<void> | undefined;
  let resolveDone!: () => void;
  let rejectDone!: (error: Error) => void;
  const done = new Promise<void>((resolve, reject) => ((resolveDone = resolve), (rejectDone = reject)));
  done.catch(() => undefined); // observed through `done` by the owner; never an unhandled rejection

  const setConnected = (connected: boolean) => {
    if (state.connected === connected) return;
    state.connected = connected;
    state.since = options.now();
  };

  async function run(): Promise<void> {
    let readyOnce = false;
    while (!stopping.signal.aborted) {
      state.connections += 1;
      const reconnected = readyOnce;
      current = openConnection({
        url: options.url,
        credentials: options.credentials,
        symbols: options.symbols,
        pingIntervalMs: options.pingIntervalMs,
        pongTimeoutMs: options.pongTimeoutMs,
        handshakeTimeoutMs: options.handshakeTimeoutMs,
        logger: log,
        now: options.now,
        onActivity: (at) => (state.lastActivityAt = at),
        onReady: () => {
          readyOnce = true;
          setConnected(true);
          backoff.connected(options.now());
          options.onReady({ reconnected });
        },
        onArticles: options.onArticles,
        onBadFrame: options.onBadFrame,
      });
      const end = await current.done;
      current = undefined;
      setConnected(false);
      backoff.disconnected(options.now());
      if (end.reason === 'stopped' || stopping.signal.aborted) break;
      if (end.fatal) {
        state.fatal = new NewsStreamFatalError(end);
        log.error('news stream fatal error; not reconnecting', {
          code: end.code,
          reason: end.reason,
          error: end.message,
        });
        throw state.fatal;
      }
      const delayMs = backoff.nextDelayMs();
      log.warn('news stream disconnected; reconnecting', {
        reason: end.reason,
        code: end.code,
        error: end.message,
        delayMs,
        attempt: backoff.attempts(),
      });
      await sleep(delayMs, stopping.signal);
    }
  }

  return {
    start() {
      loop ??= run().then(resolveDone, rejectDone);
    },
    done,
    async stop() {
      stopping.abort();
      current?.close();
      await loop?.catch(() => undefined);
      if (!loop) resolveDone();
    },
    state: () => ({ ...state }),
  };
}
