/**
 * shared/sources: provider clients behind the Source contract (types.ts). This index exposes the
 * contract and the price providers (factories, registry, shared cursor and plan); the news,
 * Product Hunt and Crunchbase sources are imported from their own folders.
 */
export type {
  Normalized,
  RawPage,
  RecordProblem,
  Source,
  SourceContext,
  SourceHttp,
  SourceHttpRequest,
  SourceHttpResponse,
  SourceQuery,
} from './types';
export {
  DEFAULT_PRICE_START,
  UNKNOWN_TICKER_MIN_TRADING_DAYS,
  expectsBars,
  fetchPlan,
  mergePriceCursors,
  newYorkDate,
  nextPriceCursor,
  planPriceSlices,
  sliceDateRange,
  splitRefetchRanges,
  type FetchPlanOptions,
  type PriceCursor,
  type PriceFetchReason,
  type PriceFetchRange,
  type PriceFetchRequest,
  type PriceSlice,
  type PriceTickerState,
  type SplitEvent,
} from './prices';
export { NYSE_HOLIDAYS, addDays, addMonths, createMarketCalendar, isIsoDate, type MarketCalendar } from './market-calendar';
export { PriceFetchFailures, PriceProviderError, UnknownTickerError, type PriceRangeFailure } from './price-errors';
export { resolvePriceRanges, type PricePlanSettings, type RevealableSecret } from './price-pages';
export {
  PRICE_PROVIDERS,
  PRICE_PROVIDER_NAMES,
  createPriceSourceHttp,
  createPriceSourceSetup,
  type PriceProviderEntry,
  type PriceProviderHttpDefaults,
  type PriceProviderName,
  type PriceProviderSettings,
  type PriceSourceHttpOptions,
  type PriceSourceSetup,
} from './price-registry';
export { createYahooPriceSource, type YahooPriceConfig, type YahooPriceSource } from './yahoo';
export { createAlpacaPriceSource, type AlpacaPriceConfig, type AlpacaPriceSource } from './alpaca';
export { createPolygonPriceSource, type PolygonPriceConfig, type PolygonPriceSource } from './polygon';
export type { PriceSplit, YahooNormalized } from './yahoo';
