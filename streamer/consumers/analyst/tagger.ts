/**
 * Ticker tagging: which tickers an article is about. Provider symbols are taken as they are; the
 * headline adds cashtags (`$AAPL`) and bare upper-case words (`NVDA`, `BRK.B`) that are KNOWN
 * tickers (the watchlist), so ordinary capitalised words ("CEO", "AI", "US") are not mistaken for
 * tickers unless an operator lists them. Pure.
 */

/** How a ticker was found. */
export type TaggedBy = 'symbols' | 'headline' | 'both';

export interface TickerTag {
  ticker: string;
  taggedBy: TaggedBy;
}

/** `BRK-B`, `brk.b`, `BRK/B` -> `BRK.B`: one spelling for share classes, so lists and headlines meet. */
export function canonicalTicker(ticker: string): string {
  return ticker
    .trim()
    .toUpperCase()
    .replace(/[-/](?=[A-Z]$)/, '.');
}

/** The known-ticker set for {@link tagTickers}, canonicalised. */
export function knownTickerSet(tickers: Iterable<string>): ReadonlySet<string> {
  return new Set([...tickers].map(canonicalTicker).filter((t) => t !== ''));
}

const CASHTAG = /\$([A-Za-z][A-Za-z0-9]{0,9}(?:[.\-/][A-Za-z])?)\b/g;
const UPPER_WORD = /(?<![A-Za-z0-9$])([A-Z][A-Z0-9]{0,9}(?:[.\-/][A-Z])?)(?![A-Za-z0-9])/g;

/** Tickers mentioned in `headline` that are in `known` (canonical spellings), in order of first mention. */
export function headlineTickers(headline: string, known: ReadonlySet<string>): string[] {
  const found: string[] = [];
  const add = (raw: string) => {
    const ticker = canonicalTicker(raw);
    if (known.has(ticker) && !found.includes(ticker)) found.push(ticker);
  };
  for (const match of headline.matchAll(CASHTAG)) add(match[1]!);
  // A headline in capitals throughout ("MARKETS RALLY AS FED HOLDS") would match every known word.
  const letters = headline.replace(/[^A-Za-z]/g, '');
  const shouting = letters.length >= 12 && letters === letters.toUpperCase();
  // Single letters ("A", "F") are tickers only as cashtags: as words they are too common.
  if (!shouting) for (const match of headline.matchAll(UPPER_WORD)) if (match[1]!.length > 1) add(match[1]!);
  return found;
}

/**
 * Every ticker of an article: its provider `symbols` (kept even when unknown: the provider tagged
 * them) merged with the known tickers mentioned in the headline; symbols first, each once.
 */
export function tagTickers(
  article: { headline: string; symbols: readonly string[] },
  known: ReadonlySet<string>,
): TickerTag[] {
  const fromHeadline = new Set(headlineTickers(article.headline, known));
  const tags = new Map<string, TaggedBy>();
  for (const symbol of article.symbols) {
    const canonical = canonicalTicker(symbol);
    // Keep the provider's spelling as the key: it is what news_tickers stores.
    tags.set(symbol, fromHeadline.has(canonical) ? 'both' : 'symbols');
    fromHeadline.delete(canonical);
  }
  for (const ticker of fromHeadline) tags.set(ticker, 'headline');
  return [...tags].map(([ticker, taggedBy]) => ({ ticker, taggedBy }));
}
