/**
 * The prices pipeline's settings: the `prices` section of shared/config's schema, turned into a
 * typed, checked watchlist. `pricesSettingsFrom(config)` reads the loaded config;
 * `parsePricesSettings(env)` parses an environment object with the same settings (pure, every
 * problem at once, empty values mean unset) for tools and tests.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { DEFAULT_WATCHLIST, sections } from '../../config/schema';
import type { Setting } from '../../config/settings';

export { DEFAULT_WATCHLIST };

/** The prices section of shared/config's one schema (PRICES_*, YAHOO_*, PIPELINE_CONCURRENCY). */
export const pricesSection = sections.prices;

/** The parsed prices settings. */
export interface PricesSettings {
  readonly provider: 'yahoo' | 'alpaca' | 'polygon';
  readonly watchlist: readonly string[];
  readonly backfillFrom: string;
  readonly lagDays: number;
  readonly sliceMonths: number;
  readonly concurrency: number;
  /** Yahoo's chart API origin; default https://query2.finance.yahoo.com. */
  readonly yahooBaseUrl: string;
  readonly yahooRequestsPerMinute: number;
}

const TICKER = /^[A-Z0-9^][A-Z0-9.\-=^]{0,19}$/;

/**
 * Parses the prices settings from an environment object (pure; shared/config supplies the real one).
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
  if (watchlist.length === 0 && values.watchlist !== undefined) problems.push('PRICES_WATCHLIST: must name at least one ticker');
  if (problems.length > 0) {
    throw new ConfigError(`Invalid prices configuration (${problems.length} problem(s)):\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
  }
  return Object.freeze({
    ...(values as Omit<PricesSettings, 'watchlist' | 'yahooBaseUrl'>),
    watchlist: Object.freeze([...new Set(watchlist)]),
    yahooBaseUrl: (values.yahooBaseUrl as string | undefined) ?? 'https://query2.finance.yahoo.com',
  });
}

/**
 * The prices settings of a loaded config: its `prices` section (the raw values of `pricesSection`,
 * once shared/config carries it) normalized like `parsePricesSettings`, or the defaults when the
 * config has no such section.
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
