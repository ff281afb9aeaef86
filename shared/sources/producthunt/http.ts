import { createHttpClient, type HttpClient, type HttpClientOptions } from '../../http/client';
import type { RateLimitOptions } from '../../http/rate-limit';

/** Product Hunt's API host. */
export const PRODUCT_HUNT_DEFAULT_BASE_URL = 'https://api.producthunt.com';

/**
 * Request spacing for Product Hunt. The real limit is complexity points (see rate-limit.ts, read
 * from headers); this only keeps a burst of small pages from arriving faster than 1 per second.
 */
export const PRODUCT_HUNT_RATE_LIMIT: RateLimitOptions = { requestsPerInterval: 1, intervalMs: 1_000 };

/**
 * The HTTP client Product Hunt pages go through: the base URL (default the real API) and the
 * request spacing. No auth header here: the pager adds the token per request.
 */
export function createProductHuntHttp(options: Omit<HttpClientOptions, 'baseUrl'> & { baseUrl?: string }): HttpClient {
  return createHttpClient({
    rateLimit: PRODUCT_HUNT_RATE_LIMIT,
    ...options,
    baseUrl: options.baseUrl ?? PRODUCT_HUNT_DEFAULT_BASE_URL,
  });
}
