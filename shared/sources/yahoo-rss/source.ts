import type { NewsArticleCandidate } from '../../schemas/news';
import type { RawPage, Source, SourceContext } from '../types';
import { nextNewsCursor, type NewsCursor } from '../alpaca-news/source';
import { normalizeYahooRss } from './normalize';
import { YahooRssWire } from './wire';

/** The source's slice of config. */
export interface YahooRssSourceConfig {
  /** One feed request per symbol. */
  watchlist: readonly string[];
  /** Default 'US'. */
  region?: string;
  /** Default 'en-US'. */
  lang?: string;
}

/**
 * Yahoo Finance headline RSS as a Source: the keyless fallback behind the same interface as
 * Alpaca news. The feed has no time filter and no paging (about the latest 20 headlines per
 * symbol), so every run fetches each symbol's feed once; the cursor only records progress, and
 * the MERGE on `id` absorbs items seen before. The client should use the browser-like UA.
 */
export function createYahooRssSource(): Source<NewsCursor, YahooRssWire, NewsArticleCandidate, YahooRssSourceConfig> {
  return {
    name: 'yahoo-rss',
    wire: YahooRssWire,
    keys: ['id'],
    async *pages(_cursor: NewsCursor, ctx: SourceContext<YahooRssSourceConfig>): AsyncIterable<RawPage> {
      for (const symbol of ctx.config.watchlist) {
        const response = await ctx.http.request({
          path: '/rss/2.0/headline',
          query: { s: symbol, region: ctx.config.region ?? 'US', lang: ctx.config.lang ?? 'en-US' },
          headers: { accept: 'application/rss+xml, application/xml;q=0.9, */*;q=0.8' },
        });
        yield {
          source: 'yahoo-rss',
          request: { method: 'GET', url: response.url, params: { symbol } },
          status: response.status,
          receivedAt: ctx.now().toISOString(),
          body: response.text(),
        };
      }
    },
    normalize: (wire, page) => normalizeYahooRss(wire, page),
    nextCursor: nextNewsCursor,
  };
}
