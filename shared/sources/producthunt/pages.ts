import { ConfigError, HttpError } from '../../errors';
import { paginate } from '../../http/paginate';
import { realSleep, withRetry } from '../../http/retry';
import type { Logger } from '../../log/types';
import type { RawPage, SourceHttp, SourceHttpResponse } from '../types';
import { postsRequestBody, type ProductHuntOrder } from './query';
import {
  decideBudget,
  findRateLimitError,
  pageCost,
  ProductHuntRateLimitError,
  readRateBudget,
  type ProductHuntCursor,
  type RateBudget,
} from './rate-limit';
import type { RevealableSecret } from '../types';
export type { RevealableSecret } from '../types';

/** The Product Hunt slice of config the pager reads. */
export interface ProductHuntPagesConfig {
  /** The developer token (PRODUCT_HUNT_TOKEN); revealed only into the Authorization header. */
  token: RevealableSecret | undefined;
  /** Posts per page, 1-50. Default 20. */
  pageSize?: number;
  /** Default NEWEST (newest first). */
  order?: ProductHuntOrder;
  /** Longest wait for a budget reset before stopping the run instead, in ms. Default 60 000. */
  maxWaitMs?: number;
  /** Complexity points always kept in hand; below it (or below one page's cost) we wait or stop. Default 100. */
  reservePoints?: number;
  /** Retries of a failed page (5xx, timeouts, a short rate-limit reset). Default 3. */
  maxRetries?: number;
}

export interface ProductHuntPagesDeps {
  now: () => Date;
  log?: Logger;
  /** Waits (budget resets, backoff) go through this; tests inject a recording one. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The GraphQL endpoint path, relative to the base URL (https://api.producthunt.com). */
export const PRODUCT_HUNT_GRAPHQL_PATH = '/v2/api/graphql';

type PostsBody = { data?: { posts?: { pageInfo?: { endCursor?: unknown; hasNextPage?: unknown } } } | null } | null;

/**
 * The `posts` pages from `cursor` on (after `cursor.endCursor` when set), lazily, one POST each,
 * following `pageInfo.endCursor` while `hasNextPage`.
 *
 * Budget: each answer's `X-Rate-Limit-*` headers are read; before the next page, if fewer points
 * remain than `reservePoints` or than the last page cost, it waits for the reset when that is at
 * most `maxWaitMs` away. A `rate_limit_reached` answer (HTTP 429, or 200 with that error) is waited
 * out the same way (retried up to `maxRetries`).
 *
 * @throws ProductHuntRateLimitError (retriable) when the reset is further than `maxWaitMs`: its
 *   `cursor` is where to resume (after the last page yielded) and `resetAt` when.
 * @throws ConfigError without a token; AuthError on 401/403; HttpError / NetworkError after retries.
 */
export function productHuntPages(
  http: SourceHttp,
  config: ProductHuntPagesConfig,
  cursor: ProductHuntCursor,
  deps: ProductHuntPagesDeps,
): AsyncIterable<RawPage> {
  if (config.token === undefined)
    throw new ConfigError('Product Hunt needs a developer token', ['PRODUCT_HUNT_TOKEN is not set']);
  const token = config.token;
  const first = config.pageSize ?? 20;
  const order = config.order ?? 'NEWEST';
  const maxWaitMs = config.maxWaitMs ?? 60_000;
  const reservePoints = config.reservePoints ?? 100;
  const sleep = deps.sleep ?? realSleep;
  postsRequestBody({ first, postedAfter: cursor.postedAfter, order }); // validates the page size up front
  let budget: RateBudget | undefined;
  let lastCost: number | undefined;

  const stop = (after: string | undefined, resetInS: number, why: string, cause?: unknown) =>
    new ProductHuntRateLimitError(
      `Product Hunt complexity budget ${why}; resets in ${resetInS}s, more than the ${maxWaitMs} ms we may wait`,
      {
        cursor: { postedAfter: cursor.postedAfter, ...(after === undefined ? {} : { endCursor: after }) },
        resetInS,
        now: deps.now(),
        cause,
        budget,
      },
    );

  const send = async (after: string | undefined): Promise<SourceHttpResponse> => {
    let response: SourceHttpResponse;
    try {
      response = await http.request({
        method: 'POST',
        path: PRODUCT_HUNT_GRAPHQL_PATH,
        json: postsRequestBody({ first, after, postedAfter: cursor.postedAfter, order }),
        headers: { accept: 'application/json', authorization: `Bearer ${token.reveal()}` },
        // Our own retry loop below decides about 429s (wait for the reset or stop with the cursor).
        maxRetries: 0,
      });
    } catch (error) {
      if (error instanceof HttpError && error.status === 429) {
        const found = findRateLimitError(error.context.body);
        const resetInS =
          found?.resetInS ?? (error.retryAfterMs !== undefined ? Math.ceil(error.retryAfterMs / 1000) : 900);
        throw stop(after, resetInS, 'is spent (rate_limit_reached)', error);
      }
      throw error;
    }
    const found = findRateLimitError(response.json());
    if (found !== undefined) throw stop(after, found.resetInS ?? 900, 'is spent (rate_limit_reached)');
    return response;
  };

  const fetchPage = (after: string | undefined) => async (): Promise<RawPage> => {
    for (;;) {
      const decision = decideBudget(budget, lastCost, { reservePoints, maxWaitMs });
      if (decision.action === 'go') break;
      if (decision.action === 'stop')
        throw stop(after, decision.resetInS, `is nearly spent (${budget?.remaining} points left)`);
      deps.log?.info('product hunt budget low; waiting for the reset', {
        remaining: budget?.remaining,
        waitMs: decision.ms,
      });
      await sleep(decision.ms);
      budget = undefined;
    }
    const response = await withRetry(() => send(after), {
      maxRetries: config.maxRetries ?? 3,
      maxRetryAfterMs: maxWaitMs,
      sleep,
      random: deps.random,
      onRetry: ({ error, attempt, delayMs }) =>
        deps.log?.warn('product hunt page retry', {
          attempt,
          delayMs,
          reason: error instanceof Error ? error.message : String(error),
        }),
    });
    const next = readRateBudget(response.headers);
    lastCost = pageCost(budget, next) ?? lastCost;
    budget = next;
    return {
      source: 'producthunt',
      request: {
        method: 'POST',
        url: response.url,
        params: { postedAfter: cursor.postedAfter, order, first: String(first), after: after ?? '' },
      },
      status: response.status,
      receivedAt: deps.now().toISOString(),
      body: response.json(),
    };
  };

  return paginate(fetchPage(cursor.endCursor), (page) => {
    const info = (page.body as PostsBody)?.data?.posts?.pageInfo;
    const end = info?.endCursor;
    return info?.hasNextPage === true && typeof end === 'string' && end !== '' ? fetchPage(end) : undefined;
  });
}
