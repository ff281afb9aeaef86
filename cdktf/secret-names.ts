/**
 * Which provider secrets exist and who needs them, as data. The variable names are the ones
 * shared/config marks secret (a test cross-checks, so the lists cannot drift); the Secret Manager
 * secret of a variable is its name in kebab case (POLYGON_API_KEY -> polygon-api-key).
 */

/** Every provider credential the platform reads, by environment variable name. */
export const PROVIDER_SECRETS: readonly string[] = [
  'APCA_API_KEY_ID',
  'APCA_API_SECRET_KEY',
  'POLYGON_API_KEY',
  'PRODUCT_HUNT_TOKEN',
  'CRUNCHBASE_API_KEY',
];

/** The secrets a pipeline of a given registry `source` needs; a source absent here needs none (yahoo). */
export const SECRETS_BY_SOURCE: Readonly<Record<string, readonly string[]>> = {
  alpaca: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
  'alpaca-news': ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
  polygon: ['POLYGON_API_KEY'],
  producthunt: ['PRODUCT_HUNT_TOKEN'],
  'product-hunt': ['PRODUCT_HUNT_TOKEN'],
  crunchbase: ['CRUNCHBASE_API_KEY'],
};

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
  const names = entry.secrets ?? SECRETS_BY_SOURCE[entry.source] ?? [];
  const unknown = names.filter((name) => !PROVIDER_SECRETS.includes(name));
  if (unknown.length > 0) throw new Error(`Unknown provider secret(s) ${unknown.join(', ')} for source '${entry.source}'`);
  return names;
}
