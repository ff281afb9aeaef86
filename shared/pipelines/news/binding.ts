/**
 * Binds the news source the settings call for: Alpaca news REST when both Alpaca keys are set,
 * else the keyless Yahoo headline RSS behind the same Source interface (said in a log line, so an
 * operator who forgot the keys sees why the news is thinner).
 */
import type { HttpClient } from '../../http/client';
import { BROWSER_USER_AGENT } from '../../http/user-agent';
import type { Logger } from '../../log/types';
import {
  createAlpacaNewsSource,
  type AlpacaNewsPageWire,
  type AlpacaNewsSourceConfig,
} from '../../sources/alpaca-news';
import { createYahooRssSource, type YahooRssSourceConfig, type YahooRssWire } from '../../sources/yahoo-rss';
import { createNewsDefinition, type NewsDefinition, type NewsSourceBinding } from './definition';
import { toAlpacaSymbol, toYahooSymbol, type NewsSettings } from './settings';

/** What binding needs from the runtime. */
export interface NewsSourceDeps {
  http(provider: {
    baseUrl: string;
    rateLimit?: { requestsPerInterval: number; intervalMs: number };
    headers?: Readonly<Record<string, string>>;
  }): HttpClient;
  log: Logger;
  now: () => Date;
}

/** Alpaca's data API allows 200 requests a minute on the free plan. */
const ALPACA_REQUESTS_PER_MINUTE = 200;
/** Yahoo publishes no limit for its feeds; stay polite. */
const RSS_REQUESTS_PER_MINUTE = 60;

/** The Alpaca REST binding (both keys set). */
export function bindAlpacaNews(
  settings: NewsSettings,
  keys: NonNullable<NewsSettings['alpacaKeys']>,
  deps: NewsSourceDeps,
): NewsSourceBinding<AlpacaNewsPageWire, AlpacaNewsSourceConfig> {
  const http = deps.http({
    baseUrl: settings.alpacaBaseUrl,
    rateLimit: { requestsPerInterval: ALPACA_REQUESTS_PER_MINUTE, intervalMs: 60_000 },
  });
  const config: AlpacaNewsSourceConfig = {
    keyId: keys.keyId,
    secretKey: keys.secretKey,
    watchlist: [...new Set(settings.watchlist.map(toAlpacaSymbol))],
    marketWide: settings.marketWide,
    lagWindowMs: settings.lagWindowMs,
    initialLookbackMs: settings.initialLookbackMs,
    pageLimit: settings.pageSize,
  };
  return {
    source: createAlpacaNewsSource(),
    context: { http, log: deps.log.child({ source: 'alpaca-news' }), now: deps.now, config },
    scopes: [
      ...(config.watchlist.length > 0 ? (['watchlist'] as const) : []),
      ...(settings.marketWide ? (['market'] as const) : []),
    ],
    configFor: (scope, c) => (scope === 'watchlist' ? { ...c, marketWide: false } : { ...c, watchlist: [] }),
  };
}

/** The keyless RSS binding: one feed per watchlist symbol; there is no market-wide feed. */
export function bindYahooRss(
  settings: NewsSettings,
  deps: NewsSourceDeps,
): NewsSourceBinding<YahooRssWire, YahooRssSourceConfig> {
  // Yahoo's feed servers refuse unknown agents more often than browsers.
  const http = deps.http({
    baseUrl: settings.rssBaseUrl,
    rateLimit: { requestsPerInterval: RSS_REQUESTS_PER_MINUTE, intervalMs: 60_000 },
    headers: { 'user-agent': BROWSER_USER_AGENT },
  });
  const config: YahooRssSourceConfig = { watchlist: [...new Set(settings.watchlist.map(toYahooSymbol))] };
  return {
    source: createYahooRssSource(),
    context: { http, log: deps.log.child({ source: 'yahoo-rss' }), now: deps.now, config },
    scopes: config.watchlist.length > 0 ? ['watchlist'] : [],
    configFor: (_scope, c) => c,
  };
}

/**
 * The news definition over the configured source: Alpaca when both keys are set, else the RSS
 * fallback, announced by a warn line naming the missing variables (never their values).
 */
export function createConfiguredNewsDefinition(settings: NewsSettings, deps: NewsSourceDeps): NewsDefinition {
  if (settings.alpacaKeys !== undefined)
    return createNewsDefinition(bindAlpacaNews(settings, settings.alpacaKeys, deps));
  deps.log.warn(
    'Alpaca news keys absent: using the keyless Yahoo RSS fallback (watchlist headlines only, no market-wide news)',
    {
      missing: settings.missingKeys,
      symbols: settings.watchlist.length,
    },
  );
  return createNewsDefinition(bindYahooRss(settings, deps));
}
