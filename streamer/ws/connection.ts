import WebSocket from 'ws';
import type { Logger } from '../../shared/log/types';
import type { AlpacaNewsCredentials } from '../../shared/sources/alpaca-news';
import { authMessage, decodeFrame, errorPolicy, subscribeMessage } from './protocol';

/** How one connection ended. `fatal` ends the client for good; anything else reconnects. */
export interface ConnectionEnd {
  reason: 'closed' | 'stopped' | 'heartbeat' | 'handshake_timeout' | 'server_error' | 'socket_error';
  fatal: boolean;
  /** The server's error code, when an `error` message ended it. */
  code?: number;
  message: string;
}

export interface ConnectionOptions {
  url: string;
  credentials: AlpacaNewsCredentials;
  /** Empty: every symbol ("*"). */
  symbols: readonly string[];
  /** Ping interval, ms. */
  pingIntervalMs: number;
  /** A ping unanswered this long terminates the socket, ms. */
  pongTimeoutMs: number;
  /** Connect + auth + subscribe must finish within this, ms. */
  handshakeTimeoutMs: number;
  logger: Logger;
  /** The subscription was confirmed: articles flow from now on. */
  onReady(): void;
  /** Articles of one frame, untrusted, with the receive time (ms since the epoch). */
  onArticles(articles: Record<string, unknown>[], receivedAtMs: number): void;
  /** A frame that is not a JSON array of objects (or an element with an unknown `T`). */
  onBadFrame(frame: string, receivedAtMs: number): void;
  /** Any server frame or pong (for last-message bookkeeping). */
  onActivity(atMs: number): void;
  now: () => number;
}

/** A live connection: `done` settles once it is over; `close` ends it with code 1000. */
export interface Connection {
  done: Promise<ConnectionEnd>;
  close(): void;
}

/**
 * Opens one websocket session: connect, authenticate, subscribe, then deliver articles until the
 * socket closes, the heartbeat fails, the server sends an error, or `close()` is called. Never
 * rejects: every ending is a `ConnectionEnd`.
 */
export function openConnection(options: ConnectionOptions): Connection {
  const log = options.logger;
  const socket = new WebSocket(options.url, { handshakeTimeout: options.handshakeTimeoutMs, perMessageDeflate: true });
  let ended: ConnectionEnd | undefined;
  let resolveDone!: (end: ConnectionEnd) => void;
  const done = new Promise<ConnectionEnd>((resolve) => (resolveDone = resolve));
  let pingTimer: NodeJS.Timeout | undefined;
  let pongTimer: NodeJS.Timeout | undefined;
  const handshakeTimer = setTimeout(
    () =>
      end(
        {
          reason: 'handshake_timeout',
          fatal: false,
          message: `not subscribed within ${options.handshakeTimeoutMs} ms`,
        },
        'terminate',
      ),
    options.handshakeTimeoutMs,
  );

  function end(result: ConnectionEnd, how: 'close' | 'terminate' | 'none'): void {
    if (ended) return;
    ended = result;
    clearTimeout(handshakeTimer);
    clearInterval(pingTimer);
    clearTimeout(pongTimer);
    if (how === 'terminate') socket.terminate();
    else if (how === 'close' && (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING)) {
      socket.close(1000);
      // A peer that never answers the close frame must not keep us waiting.
      setTimeout(() => socket.terminate(), 2_000).unref();
    }
    resolveDone(result);
  }

  socket.on('open', () => {
    pingTimer = setInterval(() => {
      if (pongTimer) return;
      pongTimer = setTimeout(
        () =>
          end(
            { reason: 'heartbeat', fatal: false, message: `no pong within ${options.pongTimeoutMs} ms` },
            'terminate',
          ),
        options.pongTimeoutMs,
      );
      socket.ping();
    }, options.pingIntervalMs);
  });
  socket.on('pong', () => {
    clearTimeout(pongTimer);
    pongTimer = undefined;
    options.onActivity(options.now());
  });
  socket.on('message', (data, isBinary) => {
    const at = options.now();
    options.onActivity(at);
    const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : data.toString();
    const frame = decodeFrame(text);
    if (frame === null) return options.onBadFrame(text, at);
    for (const control of frame.control) {
      if (control.T === 'success' && control.msg === 'connected')
        socket.send(authMessage(options.credentials.keyId.reveal(), options.credentials.secretKey.reveal()));
      else if (control.T === 'success' && control.msg === 'authenticated')
        socket.send(subscribeMessage(options.symbols));
      else if (control.T === 'subscription') {
        clearTimeout(handshakeTimer);
        log.info('news stream subscribed', { news: control.news });
        options.onReady();
      } else if (control.T === 'error') {
        const policy = errorPolicy(control.code);
        const message = `alpaca news stream error ${control.code}: ${control.msg}`;
        if (policy === 'ignore') log.warn(message, { code: control.code });
        else end({ reason: 'server_error', fatal: policy === 'fatal', code: control.code, message }, 'close');
      }
    }
    if (frame.articles.length > 0) options.onArticles(frame.articles, at);
    if (frame.unknown.length > 0) options.onBadFrame(JSON.stringify(frame.unknown), at);
  });
  socket.on('error', (error) => {
    log.warn('news stream socket error', { error: error.message });
    end({ reason: 'socket_error', fatal: false, message: error.message }, 'terminate');
  });
  socket.on('close', (code, reason) =>
    end(
      {
        reason: 'closed',
        fatal: false,
        message: `socket closed (${code}${reason.length > 0 ? ` ${reason.toString()}` : ''})`,
      },
      'none',
    ),
  );

  return { done, close: () => end({ reason: 'stopped', fatal: false, message: 'closed by us' }, 'close') };
}
