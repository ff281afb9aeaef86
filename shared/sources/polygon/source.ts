import type { PriceBarCandidate } from '../../schemas/price-bar';
import { drivePricePages, type RevealableSecret } from '../prices/pages';
import { nextPriceCursor, type PriceCursor } from '../prices/cursor';
import type { Normalized, RawPage, Source, SourceContext } from '../types';
import { POLYGON_SOURCE, polygonAggsPages, polygonBarCounts } from './client';
import { normalizePolygonAggs } from './normalize';
import { PolygonAggsWire } from './wire';

/** Polygon's config slice: the key and request shape. */
export interface PolygonPriceConfig {
  apiKey: RevealableSecret;
  /** Split-adjusted prices. Default true. */
  adjusted?: boolean;
  /** Aggregates per page, 1-50000. Default 50000. */
  pageLimit?: number;
}

/** The Polygon price source; its normalize also answers `splits` (always empty). */
export type PolygonPriceSource = Source<PriceCursor, PolygonAggsWire, PriceBarCandidate, PolygonPriceConfig>;

/**
 * Polygon aggregates v2 as a Source: one request per ticker range of `cursor.fetch`, exactly
 * those, paged by `next_url`. A ticker with no aggregates where a listed symbol must have some
 * (`expectsBars`) fails with UnknownTickerError. Polygon reports no split events here, so split
 * re-fetch does not apply.
 */
export function createPolygonPriceSource(options: { name?: string } = {}): PolygonPriceSource {
  const name = options.name ?? POLYGON_SOURCE;
  return {
    name,
    wire: PolygonAggsWire,
    keys: ['ticker', 'date'],
    pages(cursor: PriceCursor, ctx: SourceContext<PolygonPriceConfig>): AsyncIterable<RawPage> {
      const { config } = ctx;
      const request = { apiKey: config.apiKey, adjusted: config.adjusted ?? true, limit: config.pageLimit ?? 50_000 };
      return drivePricePages({
        source: name,
        cursor,
        groupSize: 1,
        log: ctx.log,
        now: ctx.now,
        fetchGroup: (group) => polygonAggsPages(ctx.http, group, request, ctx.now),
        countBars: polygonBarCounts,
      });
    },
    normalize: (wire, page): Normalized<PriceBarCandidate> & { splits: [] } => ({
      ...normalizePolygonAggs(wire, { adjusted: page.request.params.adjusted !== 'false' }),
      splits: [],
    }),
    nextCursor: nextPriceCursor,
  };
}
