/** Yahoo Finance headline RSS: the keyless news fallback, as a Source. */
export { createYahooRssSource, type YahooRssSourceConfig } from './source';
export { normalizeYahooRss, rfc822ToIso } from './normalize';
export { YahooRssWire, YahooRssItemWire } from './wire';
