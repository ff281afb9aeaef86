/**
 * The provider credentials of every registry `source`, as PURE DATA: the one definition that both
 * `make dev` (dev/demo/live-keys.ts: which services can run with the keys at hand) and CDKTF
 * (cdktf/workload-secrets.ts: which secrets to mount into each workload) derive from, so the two
 * cannot drift, and of the price providers' `requiredSecrets` (sources/prices/registry.ts). Each
 * variable is named here once (KEY_ENV), and the config schema declares its secret settings and
 * cross-field rules from it. It sits in the config layer, below all its readers, and imports
 * nothing (pipelines/registry.ts re-exports it, and synth must load no client).
 *
 * A key is `required` when the source cannot run without it, `optional` when the source runs
 * without it through a fallback but uses it when present (so a deployment still mounts it).
 */

/** Whether a source runs without the variable: `optional` means a keyless fallback exists. */
export type ProviderKeyNeed = 'required' | 'optional';

/** One credential a source reads: its environment variable and whether the source needs it. */
export interface ProviderKey {
  /** Environment variable name, as shared/config marks it secret (e.g. 'POLYGON_API_KEY'). */
  readonly env: string;
  readonly need: ProviderKeyNeed;
}

/** Every provider credential variable, each named once. */
export const KEY_ENV = Object.freeze({
  alpacaKeyId: 'APCA_API_KEY_ID',
  alpacaSecretKey: 'APCA_API_SECRET_KEY',
  polygonApiKey: 'POLYGON_API_KEY',
  productHuntToken: 'PRODUCT_HUNT_TOKEN',
  crunchbaseApiKey: 'CRUNCHBASE_API_KEY',
} as const);

const ALPACA = [KEY_ENV.alpacaKeyId, KEY_ENV.alpacaSecretKey];

const keys = (need: ProviderKeyNeed, names: readonly string[]): readonly ProviderKey[] =>
  Object.freeze(names.map((env) => Object.freeze({ env, need })));

/**
 * Credentials by registry `source` ([] for keyless providers). Every source a registry entry names
 * must appear (shared/pipelines/provider-keys.test.ts checks it), so a new source is never keyless
 * by accident. Aliases ('news', 'product-hunt') are listed so a pipeline may name either spelling.
 */
export const PROVIDER_KEYS: Readonly<Record<string, readonly ProviderKey[]>> = Object.freeze({
  yahoo: keys('required', []),
  'yahoo-rss': keys('required', []),
  alpaca: keys('required', ALPACA),
  // The news batch falls back to the keyless Yahoo RSS without Alpaca keys (it logs so).
  'alpaca-news': keys('optional', ALPACA),
  news: keys('optional', ALPACA),
  polygon: keys('required', [KEY_ENV.polygonApiKey]),
  producthunt: keys('required', [KEY_ENV.productHuntToken]),
  'product-hunt': keys('required', [KEY_ENV.productHuntToken]),
  crunchbase: keys('required', [KEY_ENV.crunchbaseApiKey]),
});

/** The news websocket streamer's credentials: Alpaca's real-time stream has no keyless fallback. */
export const STREAMER_PROVIDER_KEYS: readonly ProviderKey[] = keys('required', ALPACA);

/** The credentials of `source`; [] for a source not listed (treated as keyless). */
export function providerKeysOf(source: string): readonly ProviderKey[] {
  // hasOwn: a source named 'constructor' must not read Object.prototype.
  return (Object.hasOwn(PROVIDER_KEYS, source) ? PROVIDER_KEYS[source] : undefined) ?? [];
}

/** The variable names of `keys`, optionally only those with need `need`, in declared order. */
export function keyNames(keys: readonly ProviderKey[], need?: ProviderKeyNeed): readonly string[] {
  return keys.filter((key) => need === undefined || key.need === need).map((key) => key.env);
}

/**
 * Every credential variable the platform reads (all sources and the streamer), each once, in
 * first-declared order. This is the list of secrets a deployment declares.
 */
export function allProviderKeyNames(): readonly string[] {
  const all = [...Object.values(PROVIDER_KEYS).flat(), ...STREAMER_PROVIDER_KEYS];
  return [...new Set(all.map((key) => key.env))];
}
