/**
 * The Alpaca news stream protocol, server side (wss://stream.data.alpaca.markets/v1beta1/news).
 * Every frame the server sends is a JSON array; control messages are arrays of one:
 *   on connect            [{"T":"success","msg":"connected"}]
 *   good auth             [{"T":"success","msg":"authenticated"}]
 *   subscribe/unsubscribe [{"T":"subscription","news":[...]}]
 *   errors                [{"T":"error","code":N,"msg":"..."}]: 400 invalid syntax, 401 not
 *     authenticated, 402 auth failed (then closed), 403 already authenticated, 404 auth timeout
 *     (then closed), 406 connection limit exceeded (then closed), 410 invalid subscribe action
 *     for this feed, plus whatever a test injects (409, 500, ...).
 * Articles go out as arrays of `{"T":"n",...}` to authenticated sessions subscribed to "*" or to
 * one of the article's symbols.
 */
import type { WebSocket } from 'ws';
import type { NewsCredentials } from './rest-route';

/** One connected client. */
export interface Session {
  socket: WebSocket;
  authenticated: boolean;
  news: Set<string>;
  authTimer?: NodeJS.Timeout;
}

export interface SessionOptions {
  credentials: NewsCredentials;
  /** Most authenticated sessions at once (Alpaca: 1 on most plans). */
  maxConnections: number;
  authTimeoutMs: number;
  /** Called after a session authenticates (the server counts them). */
  onAuthenticated(): void;
  /** Called with the close code when a session ends (1000: the client closed normally; 1006: dropped). */
  onClosed(code: number): void;
}

const ERRORS: Readonly<Record<number, string>> = {
  400: 'invalid syntax',
  401: 'not authenticated',
  402: 'auth failed',
  403: 'already authenticated',
  404: 'auth timeout',
  405: 'symbol limit exceeded',
  406: 'connection limit exceeded',
  407: 'slow client',
  409: 'insufficient subscription',
  410: 'invalid subscribe action for this feed',
  500: 'internal error',
};

/** The message text Alpaca uses for `code`. */
export function errorMessage(code: number): string {
  return ERRORS[code] ?? 'error';
}

/** Sends one frame (an array) if the socket is open. */
export function sendFrame(session: Session, messages: readonly unknown[]): void {
  if (session.socket.readyState === session.socket.OPEN) session.socket.send(JSON.stringify(messages));
}

function sendError(session: Session, code: number, close = false): void {
  sendFrame(session, [{ T: 'error', code, msg: errorMessage(code) }]);
  if (close) session.socket.close(1008, errorMessage(code));
}

/** Starts the protocol on a new socket; `sessions` is the live set (this session is added and removed). */
export function openSession(socket: WebSocket, sessions: Set<Session>, options: SessionOptions): Session {
  const session: Session = { socket, authenticated: false, news: new Set() };
  sessions.add(session);
  session.authTimer = setTimeout(() => {
    if (!session.authenticated) sendError(session, 404, true);
  }, options.authTimeoutMs);
  socket.on('close', (code) => {
    options.onClosed(code);
    clearTimeout(session.authTimer);
    sessions.delete(session);
  });
  socket.on('message', (data, isBinary) => handle(session, isBinary ? null : data.toString(), sessions, options));
  sendFrame(session, [{ T: 'success', msg: 'connected' }]);
  return session;
}

function handle(session: Session, text: string | null, sessions: Set<Session>, options: SessionOptions): void {
  let message: Record<string, unknown>;
  try {
    const parsed: unknown = text === null ? null : JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    message = parsed as Record<string, unknown>;
  } catch {
    return sendError(session, 400);
  }
  switch (message.action) {
    case 'auth': {
      if (session.authenticated) return sendError(session, 403);
      if (message.key !== options.credentials.keyId || message.secret !== options.credentials.secretKey)
        return sendError(session, 402, true);
      const others = [...sessions].filter((s) => s !== session && s.authenticated).length;
      if (others >= options.maxConnections) return sendError(session, 406, true);
      session.authenticated = true;
      clearTimeout(session.authTimer);
      options.onAuthenticated();
      return sendFrame(session, [{ T: 'success', msg: 'authenticated' }]);
    }
    case 'subscribe':
    case 'unsubscribe': {
      if (!session.authenticated) return sendError(session, 401);
      const channels = Object.keys(message).filter((key) => key !== 'action');
      if (channels.some((channel) => channel !== 'news')) return sendError(session, 410);
      const symbols = message.news;
      if (!Array.isArray(symbols) || symbols.some((s) => typeof s !== 'string' || !/^(\*|[A-Z0-9.\-/]{1,20})$/.test(s)))
        return sendError(session, 400);
      for (const symbol of symbols as string[]) {
        if (message.action === 'subscribe') session.news.add(symbol);
        else session.news.delete(symbol);
      }
      return sendFrame(session, [{ T: 'subscription', news: [...session.news] }]);
    }
    default:
      return sendError(session, 400);
  }
}

/** Whether `session` receives an article tagged with `symbols`. */
export function wants(session: Session, symbols: readonly string[]): boolean {
  return session.authenticated && (session.news.has('*') || symbols.some((s) => session.news.has(s)));
}
