/**
 * The price-provider kit every price source shares (yahoo/, alpaca/, polygon/ beside it): the
 * cursor and the ranges it carries (`cursor.ts`), the `pages` loop over those ranges
 * (`pages.ts`), the price errors (`errors.ts`) and the provider registry (`registry.ts`). The
 * sources import the files, not this index (the registry imports the sources).
 */
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
} from './cursor';
export { PriceFetchFailures, PriceProviderError, UnknownTickerError, type PriceRangeFailure } from './errors';
export { resolvePriceRanges, type PricePlanSettings, type RevealableSecret } from './pages';
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
} from './registry';
