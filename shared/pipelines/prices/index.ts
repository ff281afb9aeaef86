/**
 * The prices pipeline, one folder: `run.ts` wires config -> runtime -> bound provider ->
 * definition -> run loop; `definition.ts` is the PipelineDefinition (plan, validate, advance,
 * split follow-ups, indicators after the run); `binding.ts` binds the PRICES_PROVIDER source;
 * `settings.ts` and `request.ts` read the config section and the HTTP body.
 */
export { runPrices, runPricesFromConfig, type PricesRunHooks } from './run';
export { createPricesDefinition, recomputeIndicators, splitsOf, type PriceSourceBinding } from './definition';
export { bindPriceSource, type PriceSourceDeps } from './binding';
export { parsePricesRequest, PricesRequestBody, type ParsedPricesRequest } from './request';
export { parsePricesSettings, pricesSettingsFrom, pricesSection, DEFAULT_WATCHLIST, type PricesSettings } from './settings';
