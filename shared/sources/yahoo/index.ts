/** Yahoo Finance chart v8 daily bars: the price Source, its pager, wire schema and normalizer. */
export { createYahooPriceSource, type YahooPriceConfig, type YahooPriceSource } from './source';
export { YAHOO_SOURCE, yahooChartPages, yahooChartRequest } from './client';
export { normalizeYahooChart, type PriceDividend, type PriceSplit, type YahooNormalized } from './normalize';
export { YahooChartWire, YahooChartError, YahooChartResult, YAHOO_RATE_LIMIT_TEXT, isYahooRateLimitText } from './wire';
