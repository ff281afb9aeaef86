import { ConfigError } from '../../errors';
import { DEFAULT_WATCHLIST, parsePricesSettings } from './prices-settings';

describe('parsePricesSettings', () => {
  it('has defaults for everything, with the shipped watchlist', () => {
    const settings = parsePricesSettings({});
    expect(settings).toMatchObject({ provider: 'yahoo', backfillFrom: '2022-01-01', lagDays: 5, sliceMonths: 12, concurrency: 4, yahooBaseUrl: 'https://query2.finance.yahoo.com' });
    expect(settings.watchlist).toEqual(DEFAULT_WATCHLIST.split(','));
    expect(settings.watchlist).toHaveLength(20);
  });

  it('reads a watchlist (trimmed, upper-cased, deduplicated) and treats empty values as unset', () => {
    const settings = parsePricesSettings({ PRICES_WATCHLIST: ' aapl, MSFT ,aapl,', PRICES_LAG_DAYS: '', YAHOO_BASE_URL: 'http://127.0.0.1:9' });
    expect(settings.watchlist).toEqual(['AAPL', 'MSFT']);
    expect(settings.lagDays).toBe(5);
    expect(settings.yahooBaseUrl).toBe('http://127.0.0.1:9');
  });

  it('reports every bad variable at once', () => {
    expect.assertions(2);
    try {
      parsePricesSettings({ PRICES_LAG_DAYS: '-1', PRICES_BACKFILL_FROM: 'yesterday', PRICES_WATCHLIST: 'AAPL,not a ticker' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.split(':')[0]).sort()).toEqual(['PRICES_BACKFILL_FROM', 'PRICES_LAG_DAYS', 'PRICES_WATCHLIST']);
    }
  });
});
