import type { PriceBarCandidate } from '../../schemas/price-bar';
import { drivePricePages, type RevealableSecret } from '../prices/pages';
import { nextPriceCursor, type PriceCursor } from '../prices/cursor';
import type { Normalized, RawPage, Source, SourceContext } from '../types';
import { ALPACA_SOURCE, alpacaBarCounts, alpacaBarsPages } from './client';
import { normalizeAlpacaBars } from './normalize';
import { ALPACA_ADJUSTMENTS, AlpacaBarsWire, type AlpacaAdjustment } from './wire';

/** Alpaca's config slice: credentials and request shape. */
export interface AlpacaPriceConfig {
  keyId: RevealableSecret;
  secretKey: RevealableSecret;
  /** Default 'split' (OHLC split-adjusted, as Yahoo's). */
  adjustment?: AlpacaAdjustment;
  /** Omitted: the account's default feed. */
  feed?: string;
  /** Bars per page, 1-10000. Default 10000. */
  pageLimit?: number;
  /** Symbols per request when ranges share dates. Default 100. */
  symbolsPerRequest?: number;
}

/** The Alpaca price source; its normalize also answers `splits` (always empty: bars carry no corporate actions). */
export type AlpacaPriceSource = Source<PriceCursor, AlpacaBarsWire, PriceBarCandidate, AlpacaPriceConfig>;

function adjustmentOf(page: RawPage): AlpacaAdjustment {
  const value = page.request.params.adjustment;
  return (ALPACA_ADJUSTMENTS as readonly string[]).includes(value ?? '') ? (value as AlpacaAdjustment) : 'raw';
}

/**
 * Alpaca v2 bars as a Source: the ranges of `cursor.fetch`, exactly those; ranges sharing
 * [from, to] go out as one multi-symbol request, paged by `next_page_token`. A ticker with no
 * bars where a listed symbol must have some (see `expectsBars`) fails with UnknownTickerError
 * after the other tickers' pages were yielded.
 * Alpaca reports no split events, so split re-fetch does not apply (prices are adjusted as of
 * the request, like Yahoo's; a lag window re-read after a split rewrites only recent rows).
 */
export function createAlpacaPriceSource(options: { name?: string } = {}): AlpacaPriceSource {
  const name = options.name ?? ALPACA_SOURCE;
  return {
    name,
    wire: AlpacaBarsWire,
    keys: ['ticker', 'date'],
    pages(cursor: PriceCursor, ctx: SourceContext<AlpacaPriceConfig>): AsyncIterable<RawPage> {
      const { config } = ctx;
      const request = {
        keyId: config.keyId,
        secretKey: config.secretKey,
        adjustment: config.adjustment ?? 'split',
        feed: config.feed,
        limit: config.pageLimit ?? 10_000,
      };
      return drivePricePages({
        source: name,
        cursor,
        groupSize: config.symbolsPerRequest ?? 100,
        log: ctx.log,
        now: ctx.now,
        fetchGroup: (group) => alpacaBarsPages(ctx.http, group, request, ctx.now),
        countBars: alpacaBarCounts,
      });
    },
    normalize: (wire, page): Normalized<PriceBarCandidate> & { splits: [] } => ({
      ...normalizeAlpacaBars(wire, { adjustment: adjustmentOf(page) }),
      splits: [],
    }),
    nextCursor: nextPriceCursor,
  };
}
