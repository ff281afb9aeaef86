/** Alpaca market data v2 daily bars: the price Source, its pager, wire schema and normalizer. */
export { createAlpacaPriceSource, type AlpacaPriceConfig, type AlpacaPriceSource } from './source';
export {
  ALPACA_MAX_PAGE_LIMIT,
  ALPACA_SOURCE,
  alpacaBarCounts,
  alpacaBarsPages,
  alpacaWindow,
  type AlpacaBarsOptions,
} from './client';
export { normalizeAlpacaBars } from './normalize';
export { ALPACA_ADJUSTMENTS, AlpacaBarWire, AlpacaBarsWire, AlpacaErrorWire, type AlpacaAdjustment } from './wire';
