import type { PriceBarCandidate } from '../../schemas/price-bar';
import { drivePricePages, resolvePriceRanges, type PricePlanSettings } from '../prices/pages';
import { nextPriceCursor, splitRefetchRanges, type PriceCursor } from '../prices/cursor';
import type { RawPage, Source, SourceContext } from '../types';
import { YAHOO_SOURCE, yahooChartPages, yahooSplitsOf } from './client';
import { normalizeYahooChart, type YahooNormalized } from './normalize';
import { YahooChartWire } from './wire';

/** Yahoo's config slice: planning only (keyless; base URL and rate limit live in `ctx.http`). */
export type YahooPriceConfig = PricePlanSettings;

/** The Yahoo price source; `normalize` also returns the page's splits and dividends. */
export interface YahooPriceSource extends Source<PriceCursor, YahooChartWire, PriceBarCandidate, YahooPriceConfig> {
  normalize(wire: YahooChartWire, page: RawPage): YahooNormalized;
}

/**
 * Yahoo chart v8 as a Source: one request per ticker range (`cursor.fetch`, else an incremental
 * plan over `ctx.config.tickers`). Split re-fetch: when a page reports a split dated after the
 * ticker's stored lastDate (the cursor passed to `pages`), every stored bar of that ticker holds
 * prices adjusted the old way, so `pages` itself appends the ranges [firstDate, lastDate]
 * (reason 'split', `RawPage.request.params.reason`) and yields their pages in the same call;
 * `refetchOnSplit: false` turns that off (then `normalize(...).splits` + `splitRefetchRanges`
 * let a run loop do it instead).
 */
export function createYahooPriceSource(options: { name?: string } = {}): YahooPriceSource {
  const name = options.name ?? YAHOO_SOURCE;
  return {
    name,
    wire: YahooChartWire,
    keys: ['ticker', 'date'],
    pages(cursor: PriceCursor, ctx: SourceContext<YahooPriceConfig>): AsyncIterable<RawPage> {
      const { config } = ctx;
      return drivePricePages({
        source: name,
        cursor,
        ranges: resolvePriceRanges(cursor, config, ctx.now()),
        groupSize: 1,
        log: ctx.log,
        now: ctx.now,
        fetchGroup: (group) => yahooChartPages(ctx.http, group, ctx.now),
        followUps: (page) => (config.refetchOnSplit === false ? [] : splitRefetchRanges(cursor, yahooSplitsOf(page), config)),
      });
    },
    normalize: (wire, page) => normalizeYahooChart(wire, { ticker: page.request.params.ticker }),
    nextCursor: nextPriceCursor,
  };
}
