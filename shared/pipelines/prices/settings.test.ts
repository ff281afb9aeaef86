import { ConfigError } from '../../errors';
import { loadConfig } from '../../config';
import { DEFAULT_WATCHLIST, parsePricesSettings, pricesSettingsFrom } from './settings';

describe('parsePricesSettings', () => {
  it('has defaults for everything, with the shipped watchlist; provider origins stay unset (the registry has them)', () => {
    const settings = parsePricesSettings({});
    expect(settings).toMatchObject({
      provider: 'yahoo',
      backfillFrom: '2022-01-01',
      lagDays: 5,
      sliceMonths: 12,
      concurrency: 4,
    });
    expect(settings).toMatchObject({
      alpacaRequestsPerMinute: 200,
      alpacaPageLimit: 10_000,
      polygonRequestsPerMinute: 5,
      polygonPageLimit: 50_000,
    });
    for (const unset of ['yahooBaseUrl', 'alpacaDataBaseUrl', 'polygonBaseUrl', 'alpacaFeed'])
      expect(settings).not.toHaveProperty(unset);
    expect(settings.watchlist).toEqual(DEFAULT_WATCHLIST.split(','));
    expect(settings.watchlist).toHaveLength(20);
  });

  it('reads a watchlist (trimmed, upper-cased, deduplicated) and treats empty values as unset', () => {
    const settings = parsePricesSettings({
      PRICES_WATCHLIST: ' aapl, MSFT ,aapl,',
      PRICES_LAG_DAYS: '',
      YAHOO_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(settings.watchlist).toEqual(['AAPL', 'MSFT']);
    expect(settings.lagDays).toBe(5);
    expect(settings.yahooBaseUrl).toBe('http://127.0.0.1:9');
  });

  it('reads the Alpaca and Polygon settings', () => {
    const settings = parsePricesSettings({
      PRICES_PROVIDER: 'polygon',
      ALPACA_DATA_BASE_URL: 'http://127.0.0.1:1',
      ALPACA_REQUESTS_PER_MINUTE: '1000',
      ALPACA_FEED: 'iex',
      ALPACA_PAGE_LIMIT: '50',
      POLYGON_BASE_URL: 'http://127.0.0.1:2',
      POLYGON_REQUESTS_PER_MINUTE: '100',
      POLYGON_PAGE_LIMIT: '60',
    });
    expect(settings).toMatchObject({
      provider: 'polygon',
      alpacaDataBaseUrl: 'http://127.0.0.1:1',
      alpacaRequestsPerMinute: 1000,
      alpacaFeed: 'iex',
      alpacaPageLimit: 50,
      polygonBaseUrl: 'http://127.0.0.1:2',
      polygonRequestsPerMinute: 100,
      polygonPageLimit: 60,
    });
  });

  it('reports every bad variable at once', () => {
    expect.assertions(2);
    try {
      parsePricesSettings({
        PRICES_LAG_DAYS: '-1',
        PRICES_BACKFILL_FROM: 'yesterday',
        PRICES_WATCHLIST: 'AAPL,not a ticker',
        POLYGON_PAGE_LIMIT: '50001',
        ALPACA_DATA_BASE_URL: 'ftp://x',
        PRICES_PROVIDER: 'iex',
      });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(':')[0]).sort()).toEqual([
        'ALPACA_DATA_BASE_URL',
        'POLYGON_PAGE_LIMIT',
        'PRICES_BACKFILL_FROM',
        'PRICES_LAG_DAYS',
        'PRICES_PROVIDER',
        'PRICES_WATCHLIST',
      ]);
    }
  });
});

describe('pricesSettingsFrom', () => {
  it('equals parsePricesSettings over the same environment', () => {
    const env = {
      PRICES_PROVIDER: 'alpaca',
      APCA_API_KEY_ID: 'k',
      APCA_API_SECRET_KEY: 's',
      PRICES_WATCHLIST: 'ko,pep',
      ALPACA_FEED: 'sip',
      ALPACA_PAGE_LIMIT: '7',
    };
    expect(pricesSettingsFrom(loadConfig(env))).toEqual(parsePricesSettings(env));
  });
});
