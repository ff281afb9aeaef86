/**
 * The one definition of provider credentials (shared/config/provider-keys.ts): pure data, covering
 * every registry source, and what the config schema's key variables, its cross-field rules and the
 * price providers' `requiredSecrets` are derived from.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRICE_PROVIDERS } from '../sources/prices/registry';
import {
  PROVIDER_KEYS,
  STREAMER_PROVIDER_KEYS,
  allProviderKeyNames,
  keyNames,
  providerKeysOf,
} from '../config/provider-keys';
import { PIPELINES, PROVIDER_KEYS as REEXPORTED } from './registry';

describe('provider keys', () => {
  it('is pure data: imports and re-exports nothing, and the registry re-exports it', () => {
    const text = readFileSync(join(__dirname, '..', 'config', 'provider-keys.ts'), 'utf8');
    expect(text).not.toMatch(/^\s*import\b/m);
    expect(text).not.toMatch(/\bfrom\s+['"]/);
    expect(REEXPORTED).toBe(PROVIDER_KEYS);
  });

  it('lists every source a registry entry names, so none is keyless by omission', () => {
    const unlisted = PIPELINES.map((entry) => entry.source).filter((source) => !Object.hasOwn(PROVIDER_KEYS, source));
    expect(unlisted).toEqual([]);
  });

  it('marks the news fallback optional and the keyed providers required', () => {
    expect(providerKeysOf('alpaca-news')).toEqual([
      { env: 'APCA_API_KEY_ID', need: 'optional' },
      { env: 'APCA_API_SECRET_KEY', need: 'optional' },
    ]);
    expect(keyNames(providerKeysOf('alpaca-news'), 'required')).toEqual([]);
    expect(keyNames(providerKeysOf('alpaca-news'))).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
    expect(keyNames(providerKeysOf('producthunt'), 'required')).toEqual(['PRODUCT_HUNT_TOKEN']);
    expect(keyNames(providerKeysOf('crunchbase'), 'optional')).toEqual([]);
    expect(keyNames(STREAMER_PROVIDER_KEYS, 'required')).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
  });

  it('treats an unknown source as keyless, without reading Object.prototype', () => {
    expect(providerKeysOf('nope')).toEqual([]);
    expect(providerKeysOf('constructor')).toEqual([]);
  });

  it('gives each price provider its requiredSecrets, and none an optional key', () => {
    for (const provider of Object.values(PRICE_PROVIDERS)) {
      expect([provider.name, keyNames(providerKeysOf(provider.name), 'required')]).toEqual([
        provider.name,
        provider.requiredSecrets,
      ]);
      expect(keyNames(providerKeysOf(provider.name), 'optional')).toEqual([]);
    }
  });

  it('names every credential once, in declared order', () => {
    expect(allProviderKeyNames()).toEqual([
      'APCA_API_KEY_ID',
      'APCA_API_SECRET_KEY',
      'POLYGON_API_KEY',
      'PRODUCT_HUNT_TOKEN',
      'CRUNCHBASE_API_KEY',
    ]);
  });
});
