/**
 * The prices pipeline, one folder: `run.ts` wires config -> runtime -> bound provider ->
 * definition -> run loop; `definition.ts` is the PipelineDefinition (validate, advance, indicators
 * after the run); `plan.ts` is all of its planning (lag window, slicing, split re-fetches), whose
 * ranges the bound source fetches exactly; `binding.ts` binds the PRICES_PROVIDER source;
 * `settings.ts` and `request.ts` read the config section and the HTTP body.
 */
export { runPrices, runPricesFromConfig, type PricesRunHooks } from './run';
export { createPricesDefinition, recomputeIndicators, splitsOf, type PriceSourceBinding } from './definition';
export { bindPriceSource, type PriceSourceDeps } from './binding';
export {
  DEFAULT_PRICE_START,
  fetchPlan,
  planPriceSlices,
  planPrices,
  planSplitRefetch,
  priceSliceOf,
  sliceDateRange,
  splitRefetchRanges,
  type FetchPlanOptions,
  type PriceFetchRequest,
  type PricePlanSettings,
  type SplitEvent,
} from './plan';
export { parsePricesRequest, PricesRequestBody, type ParsedPricesRequest } from './request';
export {
  parsePricesSettings,
  pricesSettingsFrom,
  pricesSection,
  DEFAULT_WATCHLIST,
  type PricesSettings,
} from './settings';
