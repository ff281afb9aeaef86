import type { PriceBarCandidate } from '../../schemas/price-bar';
import { drivePricePages } from '../prices/pages';
import { nextPriceCursor, type PriceCursor } from '../prices/cursor';
import type { RawPage, Source, SourceContext } from '../types';
import { YAHOO_SOURCE, yahooChartPages } from './client';
import { normalizeYahooChart, type YahooNormalized } from './normalize';
import { YahooChartWire } from './wire';

/** Yahoo's config slice: empty (keyless; base URL and rate limit live in `ctx.http`). */
export type YahooPriceConfig = Readonly<Record<string, never>>;

/** The Yahoo price source; `normalize` also returns the page's splits and dividends. */
export interface YahooPriceSource extends Source<PriceCursor, YahooChartWire, PriceBarCandidate, YahooPriceConfig> {
  normalize(wire: YahooChartWire, page: RawPage): YahooNormalized;
}

/**
 * Yahoo chart v8 as a Source: one request per ticker range of `cursor.fetch`, exactly those.
 * `normalize(...).splits` reports the splits a page carries; re-fetching the history a new split
 * made stale is the prices pipeline's plan (its follow-up slices), not the source's.
 */
export function createYahooPriceSource(options: { name?: string } = {}): YahooPriceSource {
  const name = options.name ?? YAHOO_SOURCE;
  return {
    name,
    wire: YahooChartWire,
    keys: ['ticker', 'date'],
    pages(cursor: PriceCursor, ctx: SourceContext<YahooPriceConfig>): AsyncIterable<RawPage> {
      return drivePricePages({
        source: name,
        cursor,
        groupSize: 1,
        log: ctx.log,
        now: ctx.now,
        fetchGroup: (group) => yahooChartPages(ctx.http, group, ctx.now),
      });
    },
    normalize: (wire, page) => normalizeYahooChart(wire, { ticker: page.request.params.ticker }),
    nextCursor: nextPriceCursor,
  };
}
