/**
 * GET on a Google REST API with the deploy's credentials: JSON in, the status and parsed body out.
 * 408, 429, 5xx and network failures are retried with jittered exponential backoff (shared/http's
 * withRetry, honouring Retry-After); any other answer, success or not, is returned for the caller
 * to interpret (a 404 is often the fact a check is looking for). Only metadata is ever requested.
 */
import { HttpError, NetworkError, isRetriableStatus } from '../../shared/errors';
import { parseRetryAfter, withRetry } from '../../shared/http/retry';
import type { AuthHeaders } from './credentials';

/** A non-retried answer: its HTTP status and its body parsed as JSON (undefined when not JSON). */
export interface GoogleAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** Reads one URL. Rejects only when retries are exhausted or the credentials fail. */
export type GoogleGet = (url: string) => Promise<GoogleAnswer>;

/** How requests are sent and retried. */
export interface GoogleRestOptions {
  readonly headers: AuthHeaders;
  /** Per attempt, in ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Retries after the first attempt. Default 4. */
  readonly maxRetries?: number;
  /** First backoff ceiling in ms (doubles per retry). Default 500. */
  readonly baseDelayMs?: number;
  readonly fetch?: typeof globalThis.fetch;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** A GET function bound to the credentials and retry policy. */
export function createGoogleGet(options: GoogleRestOptions): GoogleGet {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  return (url) =>
    withRetry(
      async () => {
        const headers = await options.headers();
        let response: Response;
        try {
          response = await fetchImpl(url, {
            headers: { ...headers, accept: 'application/json' },
            signal: AbortSignal.timeout(timeoutMs),
          });
        } catch (error) {
          throw new NetworkError(`GET ${url}: ${(error as Error).message}`, { cause: error, context: { url } });
        }
        const text = await response.text();
        if (isRetriableStatus(response.status)) {
          throw new HttpError(`GET ${url}: HTTP ${response.status}`, {
            status: response.status,
            method: 'GET',
            url,
            retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), new Date()),
            bodyExcerpt: text.slice(0, 300),
          });
        }
        return { status: response.status, body: parseJson(text) };
      },
      {
        maxRetries: options.maxRetries ?? 4,
        baseDelayMs: options.baseDelayMs ?? 500,
        maxDelayMs: 10_000,
        sleep: options.sleep,
      },
    );
}

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** What a Google error body says, in both of Google's shapes (AIP-193 and the Storage JSON API's). */
export interface GoogleError {
  readonly status: number;
  /** e.g. PERMISSION_DENIED, NOT_FOUND (AIP-193 APIs). */
  readonly code: string | undefined;
  readonly message: string;
  /** ErrorInfo reason (SERVICE_DISABLED, ...) or the Storage API's `errors[0].reason`. */
  readonly reason: string | undefined;
  /** For SERVICE_DISABLED: the API that is off and the project it is off in (`projects/123`). */
  readonly service: string | undefined;
  readonly consumer: string | undefined;
}

/** Reads the error of a non-2xx answer; tolerant of bodies that are not Google's shape. */
export function googleErrorOf(answer: GoogleAnswer): GoogleError {
  const error = (answer.body as { error?: Record<string, unknown> } | undefined)?.error;
  const details = Array.isArray(error?.details) ? (error.details as Record<string, unknown>[]) : [];
  const info = details.find((d) => typeof d.reason === 'string');
  const metadata = (info?.metadata ?? {}) as Record<string, unknown>;
  const storageReason = Array.isArray(error?.errors) ? (error.errors as { reason?: unknown }[])[0]?.reason : undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    status: answer.status,
    code: text(error?.status),
    message: (text(error?.message) ?? `HTTP ${answer.status}`).split('\n')[0]!.slice(0, 300),
    reason: text(info?.reason) ?? text(storageReason),
    service: text(metadata.service),
    consumer: text(metadata.consumer),
  };
}

/** `gcloud services enable <api> --project=<consumer>` for a SERVICE_DISABLED error, else undefined. */
export function enableApiFix(error: GoogleError): string | undefined {
  if (error.reason !== 'SERVICE_DISABLED' || error.service === undefined) return undefined;
  const project = error.consumer?.replace(/^projects\//, '');
  return `gcloud services enable ${error.service}${project === undefined ? '' : ` --project=${project}`}`;
}

/** One line for a report: `403 PERMISSION_DENIED: <Google's message>`. */
export function describeError(error: GoogleError): string {
  return `${error.status}${error.code === undefined ? '' : ` ${error.code}`}: ${error.message}`;
}
