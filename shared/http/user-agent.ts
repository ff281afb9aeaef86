/**
 * The User-Agent of a current desktop Chrome, for the few sites that refuse anything else. Use it
 * only where the provider's terms allow automated access; APIs get the honest product UA.
 */
export const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

/** Who we are, so providers can tell our traffic apart (kept in step with package.json's version). */
export const DEFAULT_USER_AGENT = 'market-data-platform/0.1.0';

/** `undefined` -> the product UA; the word `browser` -> the browser-like UA; anything else verbatim. */
export function resolveUserAgent(option: string | undefined): string {
  if (option === undefined || option.trim() === '') return DEFAULT_USER_AGENT;
  return option === 'browser' ? BROWSER_USER_AGENT : option;
}
