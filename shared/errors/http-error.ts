import { IngestError } from './ingest-error';

/**
 * An HTTP answer that was not a success, carrying its status and retry policy as in segment's
 * action-destinations: 408, 429 and 5xx are retriable; 401/403 are AuthError (a human must act);
 * any other 4xx is terminal.
 */
export class HttpError extends IngestError {
  readonly status: number;
  readonly method: string;
  readonly url: string;
  /** Milliseconds the server asked us to wait (Retry-After), when it said so. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    details: {
      status: number;
      method: string;
      url: string;
      retryAfterMs?: number;
      bodyExcerpt?: string;
      cause?: unknown;
    },
    retriable = isRetriableStatus(details.status),
  ) {
    super(message, {
      retriable,
      cause: details.cause,
      context: { status: details.status, method: details.method, url: details.url, body: details.bodyExcerpt },
    });
    this.status = details.status;
    this.method = details.method;
    this.url = details.url;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** 401 or 403: credentials are wrong or lack a grant. Terminal. */
export class AuthError extends HttpError {
  constructor(message: string, details: ConstructorParameters<typeof HttpError>[1]) {
    super(message, details, false);
  }
}

/** No answer in time, or the connection failed: retriable. */
export class NetworkError extends IngestError {
  constructor(message: string, options: { cause?: unknown; context?: Record<string, unknown> } = {}) {
    super(message, { ...options, retriable: true });
  }
}

export function isRetriableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
