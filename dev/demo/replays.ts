/**
 * The provider replay stand-ins of demo mode, in this process on free ports of 127.0.0.1: prices
 * (Yahoo/Alpaca/Polygon), news (Alpaca websocket + REST, Yahoo RSS), Product Hunt, Crunchbase.
 */
import { startCrunchbaseReplayServer, type CrunchbaseReplayServer } from '../replay-crunchbase';
import { startNewsReplayServer, type NewsReplayServer } from '../replay-news';
import { startProductHuntReplayServer, type ProductHuntReplayServer } from '../replay-producthunt';
import { startPriceReplayServer, type PriceReplayServer } from '../replay';
import type { ReplayEndpoints } from './environment';

/** The running stand-ins. */
export interface Replays {
  readonly endpoints: ReplayEndpoints;
  readonly news: NewsReplayServer;
  /** One line per stand-in, for the start-up banner. */
  describe(): string[];
  /** Stops every stand-in (each stop is idempotent). */
  stop(): Promise<void>;
}

/** Options of `startReplays`. */
export interface ReplayOptions {
  /** Articles per second the news stand-in generates and streams (0: none). */
  newsRatePerSec: number;
  /** Product Hunt's newest launch (launches are 3 h apart, older ones before it); default now. */
  now?: () => number;
}

/**
 * Starts the four stand-ins in parallel. If one fails to start, the others are stopped and the
 * error propagates.
 */
export async function startReplays(options: ReplayOptions): Promise<Replays> {
  const now = options.now ?? Date.now;
  // Whole hours keep Product Hunt's launch times tidy; the newest one is "now".
  const latest = new Date(Math.floor(now() / 3_600_000) * 3_600_000).toISOString();
  const started = await Promise.allSettled([
    startPriceReplayServer({}),
    startNewsReplayServer({ ratePerSec: options.newsRatePerSec, now }),
    startProductHuntReplayServer({ latest }),
    startCrunchbaseReplayServer({}),
  ] as const);
  const stopAll = () =>
    Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.stop()] : []))).then(() => undefined);
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const [prices, news, productHunt, crunchbase] = started.map((s) => (s as PromiseFulfilledResult<unknown>).value) as [
    PriceReplayServer,
    NewsReplayServer,
    ProductHuntReplayServer,
    CrunchbaseReplayServer,
  ];
  return {
    endpoints: {
      prices: {
        baseUrl: prices.baseUrl,
        alpaca: prices.credentials.alpaca,
        polygonApiKey: prices.credentials.polygon.apiKey,
      },
      news: {
        streamUrl: news.streamUrl,
        baseUrl: news.baseUrl,
        keyId: news.credentials.keyId,
        secretKey: news.credentials.secretKey,
      },
      productHunt: { baseUrl: productHunt.baseUrl, token: productHunt.token },
      crunchbase: { baseUrl: crunchbase.baseUrl, apiKey: crunchbase.apiKey },
    },
    news,
    describe: () => [
      `prices replay (Yahoo, Alpaca, Polygon)  ${prices.baseUrl}  (today ${prices.today})`,
      `news replay (Alpaca ws + REST, RSS)     ${news.streamUrl}  (${options.newsRatePerSec} articles/s)`,
      `Product Hunt replay (GraphQL v2)        ${productHunt.baseUrl}`,
      `Crunchbase replay (API v4)              ${crunchbase.baseUrl}`,
    ],
    stop: stopAll,
  };
}
