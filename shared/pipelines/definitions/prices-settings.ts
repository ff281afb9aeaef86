/**
 * The prices pipeline's settings, written as shared/config `sections` entries (env var -> field)
 * so they can move into shared/config/schema.ts unchanged as `prices: pricesSection` (the lead
 * owns that file). `pricesSettingsFrom(config)` reads that section once it is there and falls back
 * to the defaults until then; `parsePricesSettings(env)` parses an environment object with the same
 * helpers (pure, every problem at once, empty values mean unset) for tools and tests.
 */
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { httpUrl, matching, oneOf, text, wholeNumber, type Setting } from '../../config/settings';

/**
 * The watchlist shipped by default: 20 large US listings across sectors (NVDA carries the
 * replay server's 10:1 split). Operators override it with PRICES_WATCHLIST.
 */
export const DEFAULT_WATCHLIST =
  'AAPL,MSFT,NVDA,AMZN,GOOGL,META,TSLA,BRK-B,JPM,V,UNH,XOM,JNJ,PG,MA,HD,COST,KO,PEP,WMT';

/** Section of the prices settings, in shared/config's format. */
export const pricesSection = {
  provider: oneOf('PRICES_PROVIDER', ['yahoo', 'alpaca', 'polygon'], 'yahoo'),
  /** Comma-separated upper-case tickers. */
  watchlist: text('PRICES_WATCHLIST', DEFAULT_WATCHLIST),
  /** First day a backfill (and a ticker without a cursor) starts from. */
  backfillFrom: matching('PRICES_BACKFILL_FROM', /^\d{4}-\d{2}-\d{2}$/, "must be a 'YYYY-MM-DD' date", '2022-01-01'),
  /** Incremental runs re-read this many trading days before each cursor, to catch corrections. */
  lagDays: wholeNumber('PRICES_LAG_DAYS', 5, { max: 366 }),
  /** A backfill is cut per ticker into ranges of this many calendar months. */
  sliceMonths: wholeNumber('PRICES_SLICE_MONTHS', 12, { min: 1, max: 120 }),
  /** Slices in flight at once. */
  concurrency: wholeNumber('PIPELINE_CONCURRENCY', 4, { min: 1, max: 64 }),
  yahooBaseUrl: httpUrl('YAHOO_BASE_URL'),
  /** Yahoo requests per minute, evenly spaced (keyless API: be polite; 600 = one every 100 ms). */
  yahooRequestsPerMinute: wholeNumber('YAHOO_REQUESTS_PER_MINUTE', 600, { min: 1 }),
} as const satisfies Record<string, Setting>;

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
