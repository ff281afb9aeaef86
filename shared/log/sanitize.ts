import { REDACTED, isSecret } from '../config/secret';

/**
 * Field names whose values are credentials whatever they hold. Deliberately not every `*key*`:
 * lake object keys, Kafka message keys and natural keys are what one debugs with, so only the
 * credential-shaped ones (api key, access/private/client/signing key, key id) are hidden.
 */
const sensitiveKey =
  /token|secret|passw(?:or)?d|pwd|authori[sz]ation|cookie|credential|session[-_]?id|(?:api|access|private|client|signing|secret)[-_]?key|key[-_]?id/i;

/** Secrets shorter than this are not scrubbed by value: replacing "abc" everywhere would garble logs. */
export const minScrubbedSecretLength = 4;

const maxDepth = 8;

/** True when a field named `name` carries a credential and must be printed as `[REDACTED]`. */
export function isSensitiveKey(name: string): boolean {
  return sensitiveKey.test(name);
}

/** A JSON-safe, redacted copy of anything a caller may hand the logger. */
export type Sanitize = (value: unknown) => unknown;

/** Replaces every occurrence of a planted secret (raw or URL-encoded) in a string. */
export type Scrub = (text: string) => string;

/**
 * Builds the scrubber for a set of secret values: longest first, so a secret that contains
 * another is replaced whole.
 */
export function createScrub(secrets: Iterable<string>): Scrub {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < minScrubbedSecretLength) continue;
    needles.add(secret);
    needles.add(encodeURIComponent(secret));
  }
  const ordered = [...needles].sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  return (text) =>
    ordered.reduce((out, needle) => (out.includes(needle) ? out.split(needle).join(REDACTED) : out), text);
}

/**
 * Returns a sanitizer that turns any value into JSON-safe data with: planted secrets scrubbed from
 * every string (messages, nested fields, error messages and stacks), `Secret` instances and
 * credential-named fields shown as `[REDACTED]`, errors as {name, message, retriable, context,
 * stack, cause}, cycles as `[Circular]`, and nesting beyond 8 levels as `[Truncated]`.
 */
export function createSanitize(scrub: Scrub): Sanitize {
  const visit = (value: unknown, depth: number, seen: WeakSet<object>): unknown => {
    if (typeof value === 'string') return scrub(value);
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'bigint') return value.toString();
    if (typeof value === 'symbol') return value.toString();
    if (typeof value === 'function' || value === undefined) return undefined;
    if (value === null || typeof value !== 'object') return value;
    if (isSecret(value)) return REDACTED;
    if (seen.has(value)) return '[Circular]';
    if (depth >= maxDepth) return '[Truncated]';
    seen.add(value);
    try {
      const next = (inner: unknown) => visit(inner, depth + 1, seen);
      if (value instanceof Error) return serializeError(value, next);
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (value instanceof URL) return scrub(value.href);
      if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
      if (Array.isArray(value)) return value.map(next);
      if (value instanceof Set) return [...value].map(next);
      if (value instanceof Map)
        return entries(
          [...value].map(([k, v]) => [String(k), v]),
          next,
          scrub,
        );
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return next(toJSON.call(value));
      return entries(Object.entries(value), next, scrub);
    } finally {
      seen.delete(value);
    }
  };
  return (value) => visit(value, 0, new WeakSet());
}

function entries(pairs: [string, unknown][], next: (value: unknown) => unknown, scrub: Scrub): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of pairs) {
    const redact = isSensitiveKey(key) && inner !== null && inner !== undefined && typeof inner !== 'boolean';
    out[scrub(key)] = redact ? REDACTED : next(inner);
  }
  return out;
}

function serializeError(error: Error, next: (value: unknown) => unknown): Record<string, unknown> {
  const { retriable, context } = error as { retriable?: unknown; context?: unknown };
  return {
    name: next(error.name),
    message: next(error.message),
    retriable: typeof retriable === 'boolean' ? retriable : false,
    ...(context === undefined ? {} : { context: next(context) }),
    stack: next(error.stack),
    ...(error.cause === undefined ? {} : { cause: next(error.cause) }),
  };
}
