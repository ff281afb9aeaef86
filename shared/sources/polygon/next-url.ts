/**
 * Polygon's `next_url` is absolute and omits the apiKey, so every follow-up request must re-append
 * it; and the key must never reach logs or the raw lake, so URLs are redacted before they are kept.
 */

/** `nextUrl` with `apiKey` set (replacing any present). Throws TypeError for a URL that is not absolute. */
export function withApiKey(nextUrl: string, apiKey: string): string {
  const url = new URL(nextUrl);
  url.searchParams.set('apiKey', apiKey);
  return url.toString();
}

/** `url` without its apiKey parameter, for logs and `RawPage.request.url`. Non-URLs are returned as is. */
export function redactApiKey(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.delete('apiKey');
    return parsed.toString();
  } catch {
    return url;
  }
}
