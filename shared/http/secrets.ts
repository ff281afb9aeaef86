/**
 * Query parameters that carry credentials (`apiKey`, `api_key`, `key`, `token`, `access_token`,
 * `client_secret`, `password`, `signature`, ...).
 */
const secretParam = /key|token|secret|passw|signature|^sig$|^auth$|authori[sz]ation|credential|session/i;

/** Request headers that carry credentials (Authorization, X-Api-Key, APCA-API-SECRET-KEY, cookies). */
const secretHeader = /authori[sz]ation|cookie|key|token|secret|credential/i;

/** Values shorter than this are not scrubbed from text; they would garble it and are no real secret. */
const minLength = 4;

/** True when a query parameter of this name must never be shown. */
export function isSecretParam(name: string, extra: ReadonlySet<string> = new Set()): boolean {
  return secretParam.test(name) || extra.has(name.toLowerCase());
}

/**
 * The credential values one request sends (secret query values, secret header values and the
 * token after an auth scheme), to scrub from anything the server echoes back into an error.
 */
export function requestSecrets(
  url: URL,
  headers: Readonly<Record<string, string>>,
  extraParams: ReadonlySet<string>,
): string[] {
  const found: string[] = [];
  for (const [name, value] of url.searchParams) if (isSecretParam(name, extraParams)) found.push(value);
  for (const [name, value] of Object.entries(headers)) {
    if (!secretHeader.test(name)) continue;
    found.push(value);
    const token = /^\S+\s+(\S+)$/.exec(value)?.[1];
    if (token !== undefined) found.push(token);
  }
  return found.filter((value) => value.length >= minLength).flatMap((value) => [value, encodeURIComponent(value)]);
}

/** `text` with each of `secrets` (longest first) replaced by `REDACTED`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  return [...secrets]
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('REDACTED'), text);
}
