/**
 * The news batch's settings, read from the loaded config: the `newsBatch` section, Alpaca's REST
 * origin (`newsStream.restBaseUrl`) and keys (`alpaca`), and the watchlist, which is the prices
 * watchlist unless NEWS_WATCHLIST names another (one list, defined once).
 */
import { sections, type Config } from '../../config/schema';
import { ConfigError } from '../../errors';
import { NEWS_SYMBOL_PATTERN } from '../../schemas/news';
import type { RevealableSecret } from '../../sources/types';
import { pricesSettingsFrom } from '../prices/settings';

/** What the news pipeline reads from config. Durations in ms. */
export interface NewsSettings {
  /** Upper-case symbols, deduplicated, in the configured spelling ('BRK-B' or 'BRK.B'). */
  readonly watchlist: readonly string[];
  readonly marketWide: boolean;
  readonly lagWindowMs: number;
  readonly initialLookbackMs: number;
  /** Articles per Alpaca page, 1-50. */
  readonly pageSize: number;
  readonly alpacaBaseUrl: string;
  readonly rssBaseUrl: string;
  /** Both Alpaca keys, or undefined when either is unset (the RSS fallback then runs). */
  readonly alpacaKeys: { keyId: RevealableSecret; secretKey: RevealableSecret } | undefined;
  /** Names of the unset Alpaca key variables (empty when both are set). */
  readonly missingKeys: readonly string[];
}

/** Yahoo's headline feed origin. */
export const DEFAULT_RSS_BASE_URL = 'https://feeds.finance.yahoo.com';

/** Parses a comma-separated symbol list. @throws ConfigError naming `variable` and every bad symbol. */
export function parseSymbolList(raw: string, variable: string): string[] {
  const symbols = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== ''),
    ),
  ];
  const bad = symbols.filter((s) => !NEWS_SYMBOL_PATTERN.test(s));
  const problems = [
    ...(bad.length > 0 ? [`${variable}: not symbols: ${bad.join(', ')}`] : []),
    ...(symbols.length === 0 ? [`${variable}: must name at least one symbol`] : []),
  ];
  if (problems.length > 0)
    throw new ConfigError(`Invalid news configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, problems);
  return symbols;
}

/**
 * The news settings of a loaded config.
 * @throws ConfigError for a bad NEWS_WATCHLIST (or a bad prices watchlist when that one is used).
 */
export function newsSettingsFrom(config: Config): NewsSettings {
  const section = config.newsBatch;
  const watchlist =
    section.watchlist === undefined
      ? pricesSettingsFrom(config).watchlist
      : parseSymbolList(section.watchlist, 'NEWS_WATCHLIST');
  const { keyId, secretKey } = config.alpaca;
  const missingKeys = [
    ...(keyId === undefined ? [sections.alpaca.keyId.env] : []),
    ...(secretKey === undefined ? [sections.alpaca.secretKey.env] : []),
  ];
  return Object.freeze({
    watchlist: Object.freeze([...watchlist]),
    marketWide: section.marketWide === 'true',
    lagWindowMs: section.lagWindowMinutes * 60_000,
    initialLookbackMs: section.initialLookbackHours * 3_600_000,
    pageSize: section.pageSize,
    alpacaBaseUrl: config.newsStream.restBaseUrl,
    rssBaseUrl: section.rssBaseUrl ?? DEFAULT_RSS_BASE_URL,
    alpacaKeys: keyId !== undefined && secretKey !== undefined ? { keyId, secretKey } : undefined,
    missingKeys: Object.freeze(missingKeys),
  });
}

/** A class share as Alpaca writes it ('BRK-B' -> 'BRK.B'); other symbols unchanged. */
export function toAlpacaSymbol(symbol: string): string {
  return /^[A-Z]{1,6}-[A-Z]$/.test(symbol) ? symbol.replace('-', '.') : symbol;
}

/** A class share as Yahoo writes it ('BRK.B' -> 'BRK-B'); other symbols unchanged. */
export function toYahooSymbol(symbol: string): string {
  return /^[A-Z]{1,6}\.[A-Z]$/.test(symbol) ? symbol.replace('.', '-') : symbol;
}
