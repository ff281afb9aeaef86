/** shared/http: the one way provider clients talk HTTP (timeouts, retries, rate limits, pages). */
export { createHttpClient, type HttpClient, type HttpClientOptions, type HttpRequest } from './client';
export { InvalidResponseError, type HttpResponse } from './response';
export { withRetry, backoffDelayMs, parseRetryAfter, realSleep, type RetryEvent, type RetryOptions } from './retry';
export { createRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limit';
export { paginate, type PageRequest } from './paginate';
export { buildUrl, redactUrl, type Query, type QueryValue } from './url';
export { BROWSER_USER_AGENT, DEFAULT_USER_AGENT, resolveUserAgent } from './user-agent';
