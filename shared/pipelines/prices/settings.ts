/**
 * The prices pipeline's settings: the `prices` section of shared/config's schema, turned into a
 * typed, checked watchlist. `pricesSettingsFrom(config)` reads the loaded config;
 * `parsePricesSettings(env)` parses an environment object with the same settings (pure, every
 * problem at once, empty values mean unset) for tools and tests. Every setting and default is
 * defined once, in the schema; provider origins left unset fall to shared/sources' PRICE_PROVIDERS.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { DEFAULT_WATCHLIST, sections, type PricesConfig } from '../../config/schema';
import type { Setting } from '../../config/settings';

export { DEFAULT_WATCHLIST };

/** The prices section of shared/config's one schema (PRICES_*, YAHOO_*, ALPACA_*, POLYGON_*, PIPELINE_CONCURRENCY). */
export const pricesSection = sections.prices;

/**
 * The parsed prices settings: the config section with the watchlist split into tickers. Field
 * names match shared/sources' `PriceProviderSettings`, so this object is passed to it as is.
 */
export type PricesSettings = Readonly<Omit<PricesConfig, 'watchlist'>> & {
  /** Upper-case, deduplicated, in configured order; never empty. */
  readonly watchlist: readonly string[];
};

const TICKER = /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/;

/**
 * Parses the prices settings from an environment object (pure; shared/config supplies the real one).
 * Cross-section rules (a provider's keys) are loadConfig's; see shared/config/schema.ts.
 * @throws ConfigError listing every bad variable (`NAME: problem`).
 */
export function parsePricesSettings(env: Readonly<Record<string, string | undefined>>): PricesSettings {
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [field, setting] of Object.entries(pricesSection) as [string, Setting][]) {
    const parsed = (setting.schema as z.ZodType).safeParse(env[setting.env]);
    if (parsed.success) values[field] = parsed.data;
    else problems.push(`${setting.env}: ${[...new Set(parsed.error.issues.map((i) => i.message))].join('; ')}`);
  }
  const watchlist = String(values.watchlist ?? '')
    .split(',')
    .map((t) => t.trim().toUpperCase())
    .filter((t) => t !== '');
  const bad = watchlist.filter((t) => !TICKER.test(t));
  if (bad.length > 0) problems.push(`PRICES_WATCHLIST: not ticker symbols: ${bad.join(', ')}`);
  if (watchlist.length === 0 && values.watchlist !== undefined)
    problems.push('PRICES_WATCHLIST: must name at least one ticker');
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid prices configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
      problems,
    );
  }
  // Unset optional settings are left out, so `'x' in settings` and spreads see only what is set.
  const set = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  return Object.freeze({
    ...(set as Omit<PricesSettings, 'watchlist'>),
    watchlist: Object.freeze([...new Set(watchlist)]),
  });
}

/**
 * The prices settings of a loaded config: its `prices` section normalized like
 * `parsePricesSettings`, or the defaults when the config has no such section.
 * @throws ConfigError as parsePricesSettings.
 */
export function pricesSettingsFrom(config: object): PricesSettings {
  const section = (config as { prices?: Readonly<Record<string, unknown>> }).prices;
  if (section === undefined) return parsePricesSettings({});
  const env: Record<string, string | undefined> = {};
  for (const [field, setting] of Object.entries(pricesSection) as [string, Setting][]) {
    const value = section[field];
    env[setting.env] = value === undefined || value === null ? undefined : String(value);
  }
  return parsePricesSettings(env);
}
