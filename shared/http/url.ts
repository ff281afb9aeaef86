import { isSecretParam } from './secrets';

/** A query value; arrays repeat the parameter, undefined and null leave it out. */
export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];
export type Query = Readonly<Record<string, QueryValue>>;

/**
 * Joins `baseUrl` and `path` (`http://h/v2` + `/bars` -> `http://h/v2/bars`) and appends `query`.
 * `path` may also be an absolute URL (a provider's `next_url`), but only on the base URL's origin,
 * so default headers (credentials) are never sent to another host.
 *
 * @throws TypeError for a malformed URL or an absolute URL on another origin.
 */
export function buildUrl(baseUrl: string, path: string, query: Query = {}): URL {
  const base = new URL(baseUrl);
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    url = new URL(path);
    if (url.origin !== base.origin)
      throw new TypeError(`refusing to send a request for ${base.origin} to ${url.origin}`);
  } else {
    const mark = path.indexOf('?');
    const pathname = mark === -1 ? path : path.slice(0, mark);
    url = new URL(base.href);
    url.pathname = `${base.pathname.replace(/\/+$/, '')}/${pathname.replace(/^\/+/, '')}`;
    url.search = mark === -1 ? '' : path.slice(mark);
  }
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  return url;
}

/**
 * The URL as text with every credential-like query value (see isSecretParam) and any
 * user:password replaced by `REDACTED`: the only form of a URL errors and logs may show.
 */
export function redactUrl(url: URL | string, extraSecretParams: readonly string[] = []): string {
  let copy: URL;
  try {
    copy = new URL(String(url));
  } catch {
    return '[unparseable URL]';
  }
  if (copy.username || copy.password) {
    copy.username = 'REDACTED';
    copy.password = '';
  }
  const extra = new Set(extraSecretParams.map((name) => name.toLowerCase()));
  for (const name of new Set(copy.searchParams.keys())) {
    if (isSecretParam(name, extra)) copy.searchParams.set(name, 'REDACTED');
  }
  return copy.href;
}
