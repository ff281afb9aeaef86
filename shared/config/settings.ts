import { z } from 'zod';
import { Secret } from './secret';

/**
 * One environment variable feeding one config field. `secret` settings never have their value
 * echoed in a ConfigError message.
 */
export interface Setting<S extends z.ZodType = z.ZodType> {
  readonly env: string;
  readonly schema: S;
  readonly secret: boolean;
}

/** t3-env's rule: an empty (or blank) value is the same as an unset one, so defaults apply. */
function unsetIfBlank(value: unknown): unknown {
  return typeof value === 'string' && value.trim() === '' ? undefined : value;
}

function setting<S extends z.ZodType>(env: string, schema: S, secret = false): Setting<z.ZodPipe<z.ZodTransform, S>> {
  return { env, schema: z.preprocess(unsetIfBlank, schema), secret };
}

/** Free text; `fallback` when unset, else `undefined`. */
export function text(env: string, fallback: string): Setting<z.ZodPipe<z.ZodTransform, z.ZodDefault<z.ZodString>>>;
export function text(env: string): Setting<z.ZodPipe<z.ZodTransform, z.ZodOptional<z.ZodString>>>;
export function text(env: string, fallback?: string): Setting {
  return setting(env, fallback === undefined ? z.string().optional() : z.string().default(fallback));
}

/** One of a closed set of words, e.g. a backend name; `fallback` when unset. */
export function oneOf<const T extends readonly [string, ...string[]]>(env: string, values: T, fallback: T[number]) {
  return setting(env, z.enum(values, { error: `must be one of ${values.join(', ')}` }).default(fallback as never));
}

/** One of a closed set of words, with no default: `undefined` when unset (a cross-field rule may require it). */
export function optionalOneOf<const T extends readonly [string, ...string[]]>(env: string, values: T) {
  return setting(env, z.enum(values, { error: `must be one of ${values.join(', ')}` }).optional());
}

/** A decimal whole number within `bounds` (the shape both whole-number settings share). */
function decimalWhole(bounds: { min?: number; max?: number }) {
  const { min = 0, max = Number.MAX_SAFE_INTEGER } = bounds;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, { error: 'must be a whole number' })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `must be at least ${min}` })
        .max(max, { error: `must be at most ${max}` }),
    );
}

/** A whole number written in decimal (durations carry their unit in the variable name: `..._MS`). */
export function wholeNumber(env: string, fallback: number, bounds: { min?: number; max?: number } = {}) {
  return setting(env, decimalWhole(bounds).default(fallback));
}

/** A whole number written in decimal, with no default: `undefined` when unset. */
export function optionalWholeNumber(env: string, bounds: { min?: number; max?: number } = {}) {
  return setting(env, decimalWhole(bounds).optional());
}

/** An absolute http(s) URL such as an emulator endpoint; optional. */
export function httpUrl(env: string) {
  return setting(env, z.string().trim().refine(isHttpUrl, { error: 'must be an http:// or https:// URL' }).optional());
}

const hostPortPattern = /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/;

/** `host:port`, as emulator variables (PUBSUB_EMULATOR_HOST) are written; optional. */
export function hostPort(env: string) {
  return setting(env, z.string().trim().regex(hostPortPattern, { error: 'must be host:port' }).optional());
}

/** A comma-separated list of `host:port`; optional (unset means "not configured"). */
export function hostPortList(env: string) {
  return setting(
    env,
    z
      .string()
      .transform((raw) =>
        raw
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      )
      .pipe(z.array(z.string().regex(hostPortPattern, { error: 'each entry must be host:port' })).min(1))
      .readonly()
      .optional(),
  );
}

/** A value matching `pattern`, explained by `rule` when it does not; `fallback` when unset, else `undefined`. */
export function matching(
  env: string,
  pattern: RegExp,
  rule: string,
  fallback: string,
): Setting<z.ZodPipe<z.ZodTransform, z.ZodDefault<z.ZodString>>>;
export function matching(
  env: string,
  pattern: RegExp,
  rule: string,
): Setting<z.ZodPipe<z.ZodTransform, z.ZodOptional<z.ZodString>>>;
export function matching(env: string, pattern: RegExp, rule: string, fallback?: string): Setting {
  const base = z.string().trim().regex(pattern, { error: rule });
  return setting(env, fallback === undefined ? base.optional() : base.default(fallback));
}

/** A credential: typed `Secret` so that printing or logging it shows `[REDACTED]`; optional. */
export function secret(env: string) {
  return setting(
    env,
    z
      .string()
      .transform((value) => new Secret(value))
      .optional(),
    true,
  );
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
