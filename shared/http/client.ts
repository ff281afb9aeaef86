import { AuthError, HttpError, NetworkError } from '../errors';
import type { Logger } from '../log/types';
import { createRateLimiter, isRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit';
import { excerpt, toHttpResponse, type HttpResponse } from './response';
import { parseRetryAfter, withRetry } from './retry';
import { requestSecrets, scrubText } from './secrets';
import { buildUrl, redactUrl, type Query } from './url';
import { resolveUserAgent } from './user-agent';

export interface HttpClientOptions {
  /** Prefix of every request path, e.g. `https://data.alpaca.markets` or a replay server's URL. */
  baseUrl: string;
  /** Per attempt, covering connect, headers and body, in ms. */
  timeoutMs: number;
  /** Retries after the first attempt for retriable failures (429, 408, 5xx, timeouts, resets). */
  maxRetries: number;
  /** A UA string, or `browser` for the browser-like one; default the product UA. */
  userAgent?: string;
  /** Sent with every request (auth headers go here); per-request headers override them. */
  headers?: Readonly<Record<string, string>>;
  /** Options for a new limiter, or a limiter shared with the provider's other clients. */
  rateLimit?: RateLimitOptions | RateLimiter;
  logger?: Logger;
  /** Defaults to globalThis.fetch (undici). */
  fetch?: typeof globalThis.fetch;
  /** Backoff waits go through this; tests inject one that records delays. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Clock for HTTP-date `Retry-After` values and durations. */
  now?: () => Date;
  /** Backoff tuning; see RetryOptions. */
  retry?: { baseDelayMs?: number; maxDelayMs?: number; maxRetryAfterMs?: number };
  /** Query parameters to redact beyond the built-in credential names. */
  secretQueryParams?: readonly string[];
}

export interface HttpRequest {
  /** Default GET. */
  method?: string;
  /** Relative to baseUrl, or an absolute URL on the same origin (a `next` link). */
  path: string;
  query?: Query;
  headers?: Readonly<Record<string, string>>;
  body?: string | Uint8Array;
  /** Serialised as the body with `content-type: application/json`. */
  json?: unknown;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number;
  /** Overrides the client's retry count (0 for a request that must not repeat). */
  maxRetries?: number;
  /** Aborting it stops the request and any further retry; the abort error is rethrown unchanged. */
  signal?: AbortSignal;
}

export interface HttpClient {
  /**
   * Sends the request through the rate limiter, retrying retriable failures with backoff.
   * @throws AuthError on 401/403; HttpError on any other non-2xx (retriable for 408/429/5xx);
   *   NetworkError on timeout or connection failure; in each case after retries are spent.
   */
  request(request: HttpRequest): Promise<HttpResponse>;
  /** GET `path` with `accept: application/json` and parse the body. Throws as `request`, or InvalidResponseError. */
  getJson<T = unknown>(path: string, query?: Query): Promise<T>;
}

/**
 * Creates the HTTP client one provider uses. Error messages and logs show URLs with credential
 * query parameters redacted and never include headers.
 *
 * @throws RangeError for a negative `maxRetries`, a non-positive `timeoutMs` or rate.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  if (!(options.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${options.timeoutMs}`);
  if (!Number.isInteger(options.maxRetries) || options.maxRetries < 0) {
    throw new RangeError(`maxRetries must be a non-negative integer, got ${options.maxRetries}`);
  }
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const now = options.now ?? (() => new Date());
  const log = options.logger;
  const limiter =
    options.rateLimit === undefined
      ? undefined
      : isRateLimiter(options.rateLimit)
        ? options.rateLimit
        : createRateLimiter(options.rateLimit);
  const defaults = lowerCaseKeys({ 'user-agent': resolveUserAgent(options.userAgent), ...options.headers });
  const extraSecretParams = new Set((options.secretQueryParams ?? []).map((name) => name.toLowerCase()));

  async function once(request: HttpRequest, url: URL, shown: string, attempt: number): Promise<HttpResponse> {
    const method = (request.method ?? 'GET').toUpperCase();
    const timeoutMs = request.timeoutMs ?? options.timeoutMs;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    const headers = { ...defaults, ...lowerCaseKeys(request.headers ?? {}) };
    let body = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      headers['content-type'] ??= 'application/json';
    }
    const started = now().getTime();
    let response: Response;
    let bytes: Buffer;
    try {
      response = await fetchImpl(url, { method, headers, body, signal });
      bytes = Buffer.from(await response.arrayBuffer());
    } catch (error) {
      if (request.signal?.aborted) throw error;
      throw toNetworkError(error, { method, url: shown, timeoutMs, timedOut: timeout.aborted });
    }
    log?.debug('http response', {
      method,
      url: shown,
      status: response.status,
      durationMs: now().getTime() - started,
      attempt,
    });
    if (response.ok) return toHttpResponse(response.status, response.headers, bytes, shown);
    // Servers echo requests in error bodies; our own credentials must not ride along into logs.
    const secrets = requestSecrets(url, headers, extraSecretParams);
    const details = {
      status: response.status,
      method,
      url: shown,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
      bodyExcerpt: excerpt(scrubText(excerpt(bytes, 2_000), secrets), 500),
    };
    const message =
      `${method} ${shown} -> ${response.status} ${response.statusText}: ${excerpt(details.bodyExcerpt)}`.trim();
    throw response.status === 401 || response.status === 403
      ? new AuthError(message, details)
      : new HttpError(message, details);
  }

  async function request(request: HttpRequest): Promise<HttpResponse> {
    const url = buildUrl(options.baseUrl, request.path, request.query);
    const shown = redactUrl(url, [...extraSecretParams]);
    const method = (request.method ?? 'GET').toUpperCase();
    return withRetry(
      (attempt) => {
        request.signal?.throwIfAborted();
        const run = () => once(request, url, shown, attempt);
        return limiter ? limiter.schedule(run) : run();
      },
      {
        ...options.retry,
        maxRetries: request.maxRetries ?? options.maxRetries,
        sleep: options.sleep,
        random: options.random,
        onRetry: ({ error, attempt, delayMs }) =>
          log?.warn('http retry', {
            method,
            url: shown,
            attempt,
            delayMs,
            status: (error as { status?: unknown }).status,
            reason: error instanceof Error ? error.message : String(error),
          }),
      },
    );
  }

  return {
    request,
    getJson: async <T>(path: string, query?: Query) =>
      (await request({ path, query, headers: { accept: 'application/json' } })).json<T>(),
  };
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

/**
 * fetch reports a refused/reset connection as `TypeError('fetch failed')` with a coded cause; that
 * TypeError is a network fault, not a bug, so it becomes a retriable NetworkError. Any other
 * TypeError (bad header value, bad URL) is a programming error and is rethrown untouched.
 */
function toNetworkError(
  error: unknown,
  at: { method: string; url: string; timeoutMs: number; timedOut: boolean },
): unknown {
  const context = { method: at.method, url: at.url };
  if (at.timedOut)
    return new NetworkError(`${at.method} ${at.url} timed out after ${at.timeoutMs} ms`, {
      cause: error,
      context: { ...context, timeoutMs: at.timeoutMs },
    });
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const code = typeof cause?.code === 'string' ? cause.code : (error as { code?: unknown }).code;
  // By name, not instanceof: undici's TypeError may come from another realm (jest's sandbox).
  const { name, message } = (error ?? {}) as { name?: unknown; message?: unknown };
  const isFetchFailure = name === 'TypeError' && (message === 'fetch failed' || message === 'terminated');
  if (!isFetchFailure && typeof code !== 'string') return error;
  const reason = typeof code === 'string' ? code : String(cause?.message ?? (error as Error).message);
  return new NetworkError(`${at.method} ${at.url} failed: ${reason}`, { cause: error, context: { ...context, code } });
}
