/**
 * Response headers and JSON answers shared by every dashboard response. The policy allows only
 * same-origin scripts, styles, images and fetches: no inline script, no eval, no framing.
 */
import type { ServerResponse } from 'node:http';

/**
 * lightweight-charts 5.2.1 injects one <style> element for its TradingView attribution logo (its
 * licence asks for the attribution); this is that element's hash, so no other inline style is
 * allowed. Upgrading the library changes it: the browser test then fails naming the new hash.
 */
export const CHART_LOGO_STYLE_HASH = "'sha256-3pRED1tOXas1FXFoPb9TGCjmYe9XQsmO9OV23khV2nY='";

/** The Content-Security-Policy of every response. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${CHART_LOGO_STYLE_HASH}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers set on every answer, whatever its type. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Writes `body` with `status`, the security headers and `headers`; HEAD gets the headers only. */
export function send(
  res: ServerResponse,
  head: boolean,
  status: number,
  body: string | Buffer,
  headers: Record<string, string>,
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, ...headers, 'Content-Length': String(bytes.length) });
  res.end(head ? undefined : bytes);
}

/** A JSON answer that no cache keeps (the data changes with every run). */
export function sendJson(
  res: ServerResponse,
  head: boolean,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, head, status, JSON.stringify(body), {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    ...headers,
  });
}
