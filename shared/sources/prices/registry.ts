/**
 * The price providers side by side: name -> Source factory, the secrets it needs and its HTTP
 * defaults (base URL, rate limit), plus the mapping from loaded settings to a ready source, its
 * config slice and its HTTP client, so a pipeline never repeats provider knowledge.
 */
import type { Config } from '../../config';
import { PRICE_PROVIDER_NAMES } from '../../config/schema';
import { ConfigError } from '../../errors';
import { createHttpClient, type HttpClient, type HttpClientOptions, type RateLimitOptions } from '../../http';
import { createAlpacaPriceSource, type AlpacaPriceConfig } from '../alpaca/source';
import { createPolygonPriceSource, type PolygonPriceConfig } from '../polygon/source';
import type { PriceCursor } from './cursor';
import { keyNames, providerKeysOf } from '../../config/provider-keys';
import type { Source } from '../types';
import { createYahooPriceSource, type YahooPriceConfig } from '../yahoo/source';
import type { PriceBarCandidate } from '../../schemas/price-bar';

/** The price providers, as PRICES_PROVIDER names them (the config schema owns the list). */
export type PriceProviderName = (typeof PRICE_PROVIDER_NAMES)[number];
export { PRICE_PROVIDER_NAMES };

/** A provider's HTTP defaults. */
export interface PriceProviderHttpDefaults {
  /** The real API origin. */
  baseUrl: string;
  rateLimit: RateLimitOptions;
  /** `browser` for Yahoo, which turns away unknown user agents; else the product UA. */
  userAgent?: string;
}

/** One registry entry. */
export interface PriceProviderEntry<C> {
  name: PriceProviderName;
  create(options?: { name?: string }): Source<PriceCursor, unknown, PriceBarCandidate, C>;
  /** Environment variables that must be set when this provider is selected. */
  requiredSecrets: readonly string[];
  http: PriceProviderHttpDefaults;
}

/**
 * The registry (named PRICE_PROVIDERS: shared/schemas already exports PRICE_SOURCES, the list of
 * `source` values). Rate limits are conservative defaults: Yahoo has no published quota (2/s),
 * Alpaca's free plan allows 200/min, Polygon's free tier 5/min.
 */
export const PRICE_PROVIDERS: {
  readonly yahoo: PriceProviderEntry<YahooPriceConfig>;
  readonly alpaca: PriceProviderEntry<AlpacaPriceConfig>;
  readonly polygon: PriceProviderEntry<PolygonPriceConfig>;
} = {
  yahoo: {
    name: 'yahoo',
    create: createYahooPriceSource,
    requiredSecrets: keyNames(providerKeysOf('yahoo'), 'required'),
    http: {
      baseUrl: 'https://query1.finance.yahoo.com',
      rateLimit: { requestsPerInterval: 2, intervalMs: 1_000 },
      userAgent: 'browser',
    },
  },
  alpaca: {
    name: 'alpaca',
    create: createAlpacaPriceSource,
    requiredSecrets: keyNames(providerKeysOf('alpaca'), 'required'),
    http: { baseUrl: 'https://data.alpaca.markets', rateLimit: { requestsPerInterval: 200, intervalMs: 60_000 } },
  },
  polygon: {
    name: 'polygon',
    create: createPolygonPriceSource,
    requiredSecrets: keyNames(providerKeysOf('polygon'), 'required'),
    http: { baseUrl: 'https://api.polygon.io', rateLimit: { requestsPerInterval: 5, intervalMs: 60_000 } },
  },
};

/** Overrides of a provider's HTTP client; anything unset takes the provider's default. */
export type PriceSourceHttpOptions = Partial<HttpClientOptions>;

/**
 * The HTTP client of `provider`: its base URL, rate limit and UA unless overridden, the shared
 * retry policy (default 5 retries, 30 s per attempt), apiKey redaction.
 * @throws RangeError for an unknown provider or bad options (see createHttpClient).
 */
export function createPriceSourceHttp(provider: PriceProviderName, options: PriceSourceHttpOptions = {}): HttpClient {
  const entry = PRICE_PROVIDERS[provider];
  if (entry === undefined)
    throw new RangeError(
      `unknown price provider ${JSON.stringify(provider)}; expected one of ${PRICE_PROVIDER_NAMES.join(', ')}`,
    );
  return createHttpClient({
    timeoutMs: 30_000,
    maxRetries: 5,
    userAgent: entry.http.userAgent,
    rateLimit: entry.http.rateLimit,
    ...options,
    baseUrl: options.baseUrl ?? entry.http.baseUrl,
    secretQueryParams: ['apiKey', ...(options.secretQueryParams ?? [])],
  });
}

/**
 * The prices settings a setup needs. Field names follow shared/pipelines/prices/settings.ts
 * (`PricesSettings`), so that object can be passed as is; base URLs and rates
 * beyond Yahoo's are optional until shared/config carries them. No planning settings: what to
 * fetch is the pipeline's plan, handed to the source in `cursor.fetch`.
 */
export interface PriceProviderSettings {
  provider: PriceProviderName;
  yahooBaseUrl?: string;
  yahooRequestsPerMinute?: number;
  alpacaDataBaseUrl?: string;
  alpacaRequestsPerMinute?: number;
  /** Alpaca's `feed` ('iex' on the free plan); unset: the account's default. */
  alpacaFeed?: string;
  polygonBaseUrl?: string;
  polygonRequestsPerMinute?: number;
}

/** A selected provider, ready for `SourceContext`: the source, its config slice, its client. */
export type PriceSourceSetup =
  | {
      provider: 'yahoo';
      source: Source<PriceCursor, unknown, PriceBarCandidate, YahooPriceConfig>;
      config: YahooPriceConfig;
      http: HttpClient;
    }
  | {
      provider: 'alpaca';
      source: Source<PriceCursor, unknown, PriceBarCandidate, AlpacaPriceConfig>;
      config: AlpacaPriceConfig;
      http: HttpClient;
    }
  | {
      provider: 'polygon';
      source: Source<PriceCursor, unknown, PriceBarCandidate, PolygonPriceConfig>;
      config: PolygonPriceConfig;
      http: HttpClient;
    };

function perMinute(n: number | undefined): RateLimitOptions | undefined {
  return n === undefined ? undefined : { requestsPerInterval: n, intervalMs: 60_000 };
}

/**
 * `values` (the provider's secrets, in its `requiredSecrets` order) with none absent. Names every
 * absent secret at once, so one failed start tells the operator all that is missing.
 */
function requireSecrets<const T extends readonly unknown[]>(
  provider: 'alpaca' | 'polygon',
  values: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  const names = PRICE_PROVIDERS[provider].requiredSecrets;
  if (names.length !== values.length)
    throw new RangeError(`${provider} has ${names.length} required secrets, ${values.length} values were passed`);
  const absent = names.filter((_, i) => values[i] === undefined);
  if (absent.length > 0)
    throw new ConfigError(
      `PRICES_PROVIDER=${provider} needs ${absent.join(' and ')}`,
      absent.map((name) => `${name}: is required when PRICES_PROVIDER=${provider}`),
    );
  return values as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * Maps settings and the loaded Config (http, alpaca, polygon slices) to the selected provider's
 * setup. `http` overrides (sleep, logger, fetch) reach the client; they win over settings.
 * @throws ConfigError naming every missing secret of the selected provider.
 */
export function createPriceSourceSetup(
  settings: PriceProviderSettings,
  config: Pick<Config, 'http' | 'alpaca' | 'polygon'>,
  http: PriceSourceHttpOptions = {},
): PriceSourceSetup {
  const client = (provider: PriceProviderName, baseUrl: string | undefined, rate: number | undefined) =>
    createPriceSourceHttp(provider, {
      timeoutMs: config.http.timeoutMs,
      maxRetries: config.http.maxRetries,
      ...(config.http.userAgent === undefined ? {} : { userAgent: config.http.userAgent }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(perMinute(rate) === undefined ? {} : { rateLimit: perMinute(rate) }),
      ...http,
    });
  switch (settings.provider) {
    case 'yahoo':
      return {
        provider: 'yahoo',
        source: PRICE_PROVIDERS.yahoo.create(),
        config: {},
        http: client('yahoo', settings.yahooBaseUrl, settings.yahooRequestsPerMinute),
      };
    case 'alpaca': {
      const [keyId, secretKey] = requireSecrets('alpaca', [config.alpaca.keyId, config.alpaca.secretKey]);
      const slice: AlpacaPriceConfig = {
        keyId,
        secretKey,
        ...(settings.alpacaFeed === undefined ? {} : { feed: settings.alpacaFeed }),
      };
      return {
        provider: 'alpaca',
        source: PRICE_PROVIDERS.alpaca.create(),
        config: slice,
        http: client('alpaca', settings.alpacaDataBaseUrl, settings.alpacaRequestsPerMinute),
      };
    }
    case 'polygon': {
      const [apiKey] = requireSecrets('polygon', [config.polygon.apiKey]);
      return {
        provider: 'polygon',
        source: PRICE_PROVIDERS.polygon.create(),
        config: { apiKey },
        http: client('polygon', settings.polygonBaseUrl, settings.polygonRequestsPerMinute),
      };
    }
    default:
      throw new ConfigError(`unknown PRICES_PROVIDER ${JSON.stringify(settings.provider)}`, [
        `PRICES_PROVIDER: must be one of ${PRICE_PROVIDER_NAMES.join(', ')}`,
      ]);
  }
}
