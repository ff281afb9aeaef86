/**
 * The deployment's secret lists are views of the one credential definition
 * (shared/sources/provider-keys.ts): a function gets its source's required AND optional keys.
 */
import { PROVIDER_KEYS, keyNames } from '../../shared/pipelines/registry';
import { PROVIDER_SECRETS, SECRETS_BY_SOURCE, STREAMER_SECRETS, secretsForPipeline } from '../secret-names';
import { testConfig } from './helpers';

describe('secret names', () => {
  it('mounts every key of a source, optional ones too, and lists no keyless source', () => {
    expect(SECRETS_BY_SOURCE).toEqual({
      alpaca: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
      'alpaca-news': ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
      news: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
      polygon: ['POLYGON_API_KEY'],
      producthunt: ['PRODUCT_HUNT_TOKEN'],
      'product-hunt': ['PRODUCT_HUNT_TOKEN'],
      crunchbase: ['CRUNCHBASE_API_KEY'],
    });
    for (const [source, keys] of Object.entries(PROVIDER_KEYS)) expect(secretsForPipeline({ source })).toEqual(keyNames(keys));
  });

  it('declares exactly the variables any source or the streamer reads', () => {
    const read = new Set([...Object.values(SECRETS_BY_SOURCE).flat(), ...STREAMER_SECRETS]);
    expect([...PROVIDER_SECRETS].sort()).toEqual([...read].sort());
  });

  it('keeps an entry’s own list, refuses unknown names, and gives unknown sources none', () => {
    expect(secretsForPipeline({ source: 'alpaca-news', secrets: ['POLYGON_API_KEY'] })).toEqual(['POLYGON_API_KEY']);
    expect(() => secretsForPipeline({ source: 'x', secrets: ['NOPE'] })).toThrow("Unknown provider secret(s) NOPE for source 'x'");
    expect(secretsForPipeline({ source: 'yahoo' })).toEqual([]);
    expect(secretsForPipeline({ source: 'constructor' })).toEqual([]);
  });

  it('the streamer default in the deploy config equals the definition (until config reads it)', () => {
    expect(testConfig().streamer.secrets).toEqual(STREAMER_SECRETS);
  });
});
