/**
 * The JSON API: one entry per GET path, each a zod schema for its query string and a read over
 * the warehouse. Every body is an object (never a bare array) so fields can be added later.
 */
import type { z } from 'zod';
import type { PipelineEntry } from '../pipelines/registry';
import type { Warehouse } from '../warehouse/types';
import {
  FundingParams,
  NewsParams,
  PipelinesParams,
  PricesParams,
  ProductsParams,
  RunsParams,
  TickersParams,
} from './params';
import { pipelineStatuses } from './pipeline-status';
import { latestNews, recentFunding, topProducts } from './queries/feeds';
import { listTickers, priceHistory } from './queries/market';
import { latestRuns, runHistory } from './queries/runs';

/** What a route may use besides its parameters. */
export interface ApiContext {
  readonly warehouse: Warehouse;
  readonly pipelines: readonly PipelineEntry[];
  readonly now: () => Date;
}

/** One endpoint: its parameter schema and the read that answers it. */
export interface ApiRoute<T = unknown> {
  readonly params: z.ZodType<T>;
  answer(context: ApiContext, params: T): Promise<Record<string, unknown>>;
}

function route<T>(params: z.ZodType<T>, answer: ApiRoute<T>['answer']): ApiRoute {
  return { params, answer } as ApiRoute;
}

/** Every API path and its route. */
export const API_ROUTES: Readonly<Record<string, ApiRoute>> = {
  '/api/pipelines': route(PipelinesParams, async ({ warehouse, pipelines, now }) => {
    const generatedAt = now();
    return {
      generatedAt: generatedAt.toISOString(),
      warehouse: warehouse.kind,
      pipelines: pipelineStatuses(pipelines, await latestRuns(warehouse), generatedAt),
    };
  }),
  '/api/runs': route(RunsParams, async ({ warehouse }, p) => ({ runs: await runHistory(warehouse, p) })),
  '/api/tickers': route(TickersParams, async ({ warehouse }) => ({ tickers: await listTickers(warehouse) })),
  '/api/prices': route(PricesParams, async ({ warehouse }, p) => ({
    ticker: p.ticker,
    bars: await priceHistory(warehouse, p),
  })),
  '/api/news': route(NewsParams, async ({ warehouse }, p) => ({ news: await latestNews(warehouse, p) })),
  '/api/products': route(ProductsParams, async ({ warehouse }, p) => ({ products: await topProducts(warehouse, p) })),
  '/api/funding': route(FundingParams, async ({ warehouse }, p) => ({ rounds: await recentFunding(warehouse, p) })),
};
