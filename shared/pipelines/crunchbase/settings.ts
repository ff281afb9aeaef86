/**
 * The Crunchbase pipeline's settings: the `crunchbase` section of shared/config's one schema
 * (CRUNCHBASE_API_KEY, CRUNCHBASE_BASE_URL, CRUNCHBASE_PAGE_SIZE,
 * CRUNCHBASE_MAX_PERMALINKS_PER_CALL, CRUNCHBASE_FUNDING_ROUNDS_LOOKBACK_DAYS), checked for what
 * a run needs. Pure.
 */
import type { CrunchbaseConfig } from '../../config/schema';
import { ConfigError } from '../../errors';
import { CRUNCHBASE_DEFAULT_BASE_URL } from '../../sources/crunchbase';
import type { RevealableSecret } from '../../sources/types';

/** What a Crunchbase run reads from the config. */
export interface CrunchbaseSettings {
  /** Revealed only into the `X-cb-user-key` header by the source. */
  readonly apiKey: RevealableSecret;
  /** API origin; default https://api.crunchbase.com. */
  readonly baseUrl: string;
  /** Rounds per `searches/funding_rounds` page (1-1000). */
  readonly pageSize: number;
  /** Most organizations one call may name. */
  readonly maxPermalinksPerCall: number;
  /** The recent-rounds search reads rounds announced this many days back from today. */
  readonly fundingRoundsLookbackDays: number;
}

/**
 * The settings of a loaded config's `crunchbase` section.
 * @throws ConfigError naming CRUNCHBASE_API_KEY when it is not set (every call needs it).
 */
export function crunchbaseSettingsFrom(config: { readonly crunchbase: CrunchbaseConfig }): CrunchbaseSettings {
  const section = config.crunchbase;
  if (section.apiKey === undefined) {
    throw new ConfigError(
      'Crunchbase needs an API key: set CRUNCHBASE_API_KEY (Crunchbase API v4 user key, sent as X-cb-user-key)',
      ['CRUNCHBASE_API_KEY: is required for the crunchbase pipeline'],
    );
  }
  return Object.freeze({
    apiKey: section.apiKey,
    baseUrl: section.baseUrl ?? CRUNCHBASE_DEFAULT_BASE_URL,
    pageSize: section.pageSize,
    maxPermalinksPerCall: section.maxPermalinksPerCall,
    fundingRoundsLookbackDays: section.fundingRoundsLookbackDays,
  });
}
