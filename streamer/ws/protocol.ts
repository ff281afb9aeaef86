/**
 * The Alpaca news stream protocol, client side. Every server frame is a JSON array of objects
 * with a type `T`: `success` (msg 'connected' | 'authenticated'), `subscription` (news: [...]),
 * `error` (code, msg) and `n` (one article). Control messages arrive alone; articles may be
 * batched. Client messages: `{"action":"auth","key","secret"}` (within 10 s of connecting) and
 * `{"action":"subscribe","news":["*"] | [symbols]}`.
 */

/** What to do about a server `error` message. */
export type ErrorPolicy = 'fatal' | 'reconnect' | 'ignore';

/**
 * The decision per documented code, and why:
 * - 402 auth failed, 409 insufficient subscription: a human must fix keys or plan; retrying only
 *   hammers the server -> fatal.
 * - 400 invalid syntax, 405 symbol limit exceeded, 410 invalid subscribe action: our subscribe
 *   message or configured symbol list is wrong, and will be wrong again -> fatal.
 * - 401 not authenticated, 404 auth timeout: the handshake went wrong this time (slow start,
 *   lost frame) -> reconnect.
 * - 406 connection limit exceeded: another holder of our keys is connected; during a Cloud Run
 *   rollout that is the old revision, which lets go within its shutdown grace -> reconnect (with
 *   backoff; it stays an error in the logs while it lasts).
 * - 407 slow client, 500 internal error, and any code not documented -> reconnect.
 * - 403 already authenticated: harmless -> ignore.
 */
export function errorPolicy(code: number): ErrorPolicy {
  switch (code) {
    case 400:
    case 402:
    case 405:
    case 409:
    case 410:
      return 'fatal';
    case 403:
      return 'ignore';
    default:
      return 'reconnect';
  }
}

/** A server frame, decoded. `articles` are the `n` objects as received (untrusted). */
export interface DecodedFrame {
  control: ControlMessage[];
  articles: Record<string, unknown>[];
  /** Elements that are neither control messages nor articles (unknown `T`, not objects). */
  unknown: unknown[];
}

export type ControlMessage =
  { T: 'success'; msg: string } | { T: 'subscription'; news: string[] } | { T: 'error'; code: number; msg: string };

/**
 * Decodes one text frame. Returns null when the frame is not a JSON array (protocol violation);
 * never throws.
 */
export function decodeFrame(text: string): DecodedFrame | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed)) return null;
  const frame: DecodedFrame = { control: [], articles: [], unknown: [] };
  for (const element of parsed) {
    const item = element as Record<string, unknown> | null;
    const type = item !== null && typeof item === 'object' && !Array.isArray(item) ? item.T : undefined;
    if (type === 'n') frame.articles.push(item as Record<string, unknown>);
    else if (type === 'success' && typeof item?.msg === 'string') frame.control.push({ T: 'success', msg: item.msg });
    else if (type === 'subscription')
      frame.control.push({
        T: 'subscription',
        news: Array.isArray(item?.news) ? item.news.filter((s): s is string => typeof s === 'string') : [],
      });
    else if (type === 'error')
      frame.control.push({
        T: 'error',
        code: typeof item?.code === 'number' ? item.code : 0,
        msg: typeof item?.msg === 'string' ? item.msg : '',
      });
    else frame.unknown.push(element);
  }
  return frame;
}

/** The subscribe message for `symbols` (empty means every symbol, "*"). */
export function subscribeMessage(symbols: readonly string[]): string {
  return JSON.stringify({ action: 'subscribe', news: symbols.length === 0 ? ['*'] : [...symbols] });
}

/** The auth message. The caller reveals the secrets only here. */
export function authMessage(key: string, secret: string): string {
  return JSON.stringify({ action: 'auth', key, secret });
}
