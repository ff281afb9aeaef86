/**
 * shared/sources: provider clients behind the Source contract (types.ts). This index exposes the
 * contract and the price providers (factories, and the kit in prices/: registry, shared cursor and
 * pages loop; what to fetch is planned in shared/pipelines/prices/plan.ts); the news, Product Hunt
 * and Crunchbase sources are imported from their own folders.
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
  NYSE_HOLIDAYS,
  addDays,
  addMonths,
  createMarketCalendar,
  isIsoDate,
  type MarketCalendar,
} from './market-calendar';
/** The price-provider kit (prices/index.ts lists its exports). */
export * from './prices';
export { createYahooPriceSource, type YahooPriceConfig, type YahooPriceSource } from './yahoo';
export { createAlpacaPriceSource, type AlpacaPriceConfig, type AlpacaPriceSource } from './alpaca';
export { createPolygonPriceSource, type PolygonPriceConfig, type PolygonPriceSource } from './polygon';
export type { PriceSplit, YahooNormalized } from './yahoo';
