/**
 * Which provider secrets exist and who needs them, derived from the one definition of provider
 * credentials (shared/sources/provider-keys.ts, read through the registry). The variable names
 * are the ones shared/config marks secret (a test cross-checks, so the lists cannot drift); the
 * Secret Manager secret of a variable is its name in kebab case (POLYGON_API_KEY -> polygon-api-key).
 */
import { PROVIDER_KEYS, STREAMER_PROVIDER_KEYS, allProviderKeyNames, keyNames, providerKeysOf } from '../shared/pipelines/registry';

/** Every provider credential the platform reads, by environment variable name. */
export const PROVIDER_SECRETS: readonly string[] = allProviderKeyNames();

/**
 * The secrets a pipeline of a given registry `source` gets mounted: required AND optional keys (a
 * source with a keyless fallback, like alpaca-news, still uses its keys when they hold a value).
 * A source absent here needs none (yahoo).
 */
export const SECRETS_BY_SOURCE: Readonly<Record<string, readonly string[]>> = Object.freeze(
  Object.fromEntries(Object.entries(PROVIDER_KEYS).map(([source, keys]) => [source, keyNames(keys)] as const).filter(([, names]) => names.length > 0)),
);

/** The secrets the news streamer (Cloud Run) gets mounted. */
export const STREAMER_SECRETS: readonly string[] = keyNames(STREAMER_PROVIDER_KEYS);

/** The Secret Manager secret id holding env variable `envName`. */
export function secretIdFor(envName: string): string {
  return envName.toLowerCase().replace(/_/g, '-');
}

/**
 * The secret variables a pipeline gets: its entry's own `secrets` list when the registry declares
 * one, else its source's. Throws on a name that is not a provider secret, so a typo fails synth
 * instead of deploying a function whose secret never resolves.
 */
export function secretsForPipeline(entry: { readonly source: string; readonly secrets?: readonly string[] }): readonly string[] {
  const names = entry.secrets ?? keyNames(providerKeysOf(entry.source));
  const unknown = names.filter((name) => !PROVIDER_SECRETS.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown provider secret(s) ${unknown.join(', ')} for source '${entry.source}'`);
  return names;
}
