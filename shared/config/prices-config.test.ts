import { ConfigError } from '../errors';
import { loadConfig } from './load';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.issues];
    throw error;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig: the prices section', () => {
  it('defaults to keyless Yahoo, with the registry origins left unset', () => {
    const { prices } = loadConfig({});
    expect(prices).toMatchObject({
      provider: 'yahoo',
      yahooBaseUrl: undefined,
      alpacaDataBaseUrl: undefined,
      polygonBaseUrl: undefined,
      alpacaFeed: undefined,
    });
    expect(prices).toMatchObject({
      alpacaRequestsPerMinute: 200,
      alpacaPageLimit: 10_000,
      polygonRequestsPerMinute: 5,
      polygonPageLimit: 50_000,
    });
  });

  it('reads the Alpaca and Polygon settings', () => {
    const { prices } = loadConfig({
      ALPACA_DATA_BASE_URL: 'http://127.0.0.1:8080',
      ALPACA_REQUESTS_PER_MINUTE: '1000',
      ALPACA_FEED: 'iex',
      ALPACA_PAGE_LIMIT: '100',
      POLYGON_BASE_URL: 'http://127.0.0.1:8081',
      POLYGON_REQUESTS_PER_MINUTE: '60',
      POLYGON_PAGE_LIMIT: '120',
    });
    expect(prices).toMatchObject({
      alpacaDataBaseUrl: 'http://127.0.0.1:8080',
      alpacaRequestsPerMinute: 1000,
      alpacaFeed: 'iex',
      alpacaPageLimit: 100,
      polygonBaseUrl: 'http://127.0.0.1:8081',
      polygonRequestsPerMinute: 60,
      polygonPageLimit: 120,
    });
  });

  it.each([
    [
      'alpaca',
      {},
      [
        'APCA_API_KEY_ID: is required when PRICES_PROVIDER=alpaca',
        'APCA_API_SECRET_KEY: is required when PRICES_PROVIDER=alpaca',
      ],
    ],
    ['alpaca', { APCA_API_KEY_ID: 'id' }, ['APCA_API_SECRET_KEY: is required when PRICES_PROVIDER=alpaca']],
    [
      'alpaca',
      { APCA_API_KEY_ID: 'id', APCA_API_SECRET_KEY: '  ' },
      ['APCA_API_SECRET_KEY: is required when PRICES_PROVIDER=alpaca'],
    ],
    ['polygon', {}, ['POLYGON_API_KEY: is required when PRICES_PROVIDER=polygon']],
    ['polygon', { POLYGON_API_KEY: '' }, ['POLYGON_API_KEY: is required when PRICES_PROVIDER=polygon']],
  ])('PRICES_PROVIDER=%s needs its keys (given %j)', (provider, keys, problems) => {
    expect(problemsOf({ PRICES_PROVIDER: provider, ...keys })).toEqual(problems);
  });

  it.each([
    ['yahoo', {}],
    ['alpaca', { APCA_API_KEY_ID: 'id', APCA_API_SECRET_KEY: 'secret' }],
    ['polygon', { POLYGON_API_KEY: 'key' }],
  ])('PRICES_PROVIDER=%s with its keys loads', (provider, keys) => {
    expect(loadConfig({ PRICES_PROVIDER: provider, ...keys }).prices.provider).toBe(provider);
  });

  it("reports a missing key with every other problem at once, and never echoes a key's value", () => {
    const problems = problemsOf({
      PRICES_PROVIDER: 'polygon',
      ALPACA_PAGE_LIMIT: '0',
      POLYGON_BASE_URL: 'not a url',
      ALPACA_FEED: 'IEX!',
      LAKE_BACKEND: 'gcs',
      HTTP_MAX_RETRIES: 'x',
      APCA_API_KEY_ID: 'planted-key-id',
    });
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'ALPACA_FEED',
      'ALPACA_PAGE_LIMIT',
      'GOOGLE_CLOUD_PROJECT',
      'HTTP_MAX_RETRIES',
      'LAKE_BUCKET',
      'POLYGON_API_KEY',
      'POLYGON_BASE_URL',
    ]);
    expect(problems.join('\n')).not.toContain('planted-key-id');
  });

  it('does not ask for the keys of a provider not selected', () => {
    expect(() =>
      loadConfig({ PRICES_PROVIDER: 'alpaca', APCA_API_KEY_ID: 'id', APCA_API_SECRET_KEY: 'secret' }),
    ).not.toThrow();
    expect(loadConfig({ POLYGON_API_KEY: 'key' }).prices.provider).toBe('yahoo');
  });
});
