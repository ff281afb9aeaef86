import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../http/client';
import type { RateLimitOptions } from '../../http/rate-limit';

/** Crunchbase's API host. */
export const CRUNCHBASE_DEFAULT_BASE_URL = 'https://api.crunchbase.com';

/** Crunchbase v4 allows 200 calls per minute per key; the limiter spaces them 300 ms apart. */
export const CRUNCHBASE_RATE_LIMIT: RateLimitOptions = { requestsPerInterval: 200, intervalMs: 60_000 };

/**
 * The HTTP client Crunchbase pages go through: base URL (default the real API) and the 200/minute
 * spacing (override `rateLimit` to share one limiter among clients). The key is added per request.
 */
export function createCrunchbaseHttp(options: Omit<HttpClientOptions, 'baseUrl'> & { baseUrl?: string }): HttpClient {
  return createHttpClient({
    rateLimit: CRUNCHBASE_RATE_LIMIT,
    ...options,
    baseUrl: options.baseUrl ?? CRUNCHBASE_DEFAULT_BASE_URL,
  });
}
