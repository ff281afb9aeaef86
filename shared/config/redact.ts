import { REDACTED, isSecret } from './secret';

/** A config with every `Secret` replaced by the string `[REDACTED]`: safe to print or to record. */
export type Redacted<T> = T extends { reveal(): string }
  ? string
  : T extends readonly (infer U)[]
    ? readonly Redacted<U>[]
    : T extends object
      ? { readonly [K in keyof T]: Redacted<T[K]> }
      : T;

/**
 * Returns a plain, JSON-safe copy of `config` (or any slice of it) in which each `Secret` reads
 * `[REDACTED]`; unset secrets stay `undefined`, so the output still shows which keys are configured.
 */
export function redactConfig<T>(config: T): Redacted<T> {
  return copy(config) as Redacted<T>;
}

function copy(value: unknown): unknown {
  if (isSecret(value)) return REDACTED;
  if (Array.isArray(value)) return value.map(copy);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, copy(inner)]));
  }
  return value;
}

/**
 * Every non-empty secret value in `config`, to hand to `createLogger({ secrets })` so that a
 * secret which escaped its `Secret` wrapper (an error message quoting a URL, a header dump) is
 * still scrubbed from log lines.
 */
export function secretValues(config: unknown): ReadonlySet<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (isSecret(value)) {
      if (value.reveal() !== '') found.add(value.reveal());
    } else if (value !== null && typeof value === 'object') {
      for (const inner of Object.values(value)) walk(inner);
    }
  };
  walk(config);
  return found;
}
