/**
 * The price-provider kit every price source shares (yahoo/, alpaca/, polygon/ beside it): the
 * cursor and the ranges it carries (`cursor.ts`), the `pages` loop that fetches exactly those
 * ranges (`pages.ts`), the price errors (`errors.ts`) and the provider registry (`registry.ts`).
 * What to fetch is planned by the prices pipeline (shared/pipelines/prices/plan.ts). The sources
 * import the files, not this index (the registry imports the sources).
 */
export {
  UNKNOWN_TICKER_MIN_TRADING_DAYS,
  expectsBars,
  mergePriceCursors,
  newYorkDate,
  nextPriceCursor,
  type PriceCursor,
  type PriceFetchReason,
  type PriceFetchRange,
  type PriceTickerState,
} from './cursor';
export { PriceFetchFailures, PriceProviderError, UnknownTickerError, type PriceRangeFailure } from './errors';
export {
  drivePricePages,
  groupRanges,
  type DrivePricePagesOptions,
  type PriceRequestGroup,
  type RevealableSecret,
} from './pages';
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
