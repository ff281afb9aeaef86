import { Secret } from '../../config/secret';
import type { Config } from '../../config';
import { ConfigError } from '../../errors';
import { startPriceReplayServer, type PriceReplayServer } from '../../../dev/replay/server';
import { collectPages, fetchCursor, recordingLogger } from './__fixtures__/harness';
import { PRICE_PROVIDERS, createPriceSourceHttp, createPriceSourceSetup, type PriceProviderSettings } from './registry';

const settings: PriceProviderSettings = { provider: 'yahoo' };
const http: Config['http'] = { timeoutMs: 5_000, maxRetries: 1, userAgent: undefined };
const none: Pick<Config, 'alpaca' | 'polygon'> = {
  alpaca: { keyId: undefined, secretKey: undefined },
  polygon: { apiKey: undefined },
};

/** A transport that answers 200 `{}` and records what it was asked (nothing leaves the machine). */
function recordingFetch() {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch = (async (url: URL | string, init?: RequestInit) => {
    calls.push({ url: String(url), headers: { ...(init?.headers as Record<string, string>) } });
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

describe('price provider registry', () => {
  it('names each provider with its real base URL, rate limit and required secrets', () => {
    expect(
      Object.values(PRICE_PROVIDERS).map((p) => [
        p.name,
        p.http.baseUrl,
        p.http.rateLimit.requestsPerInterval / (p.http.rateLimit.intervalMs / 60_000),
        p.requiredSecrets,
      ]),
    ).toEqual([
      ['yahoo', 'https://query1.finance.yahoo.com', 120, []],
      ['alpaca', 'https://data.alpaca.markets', 200, ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']],
      ['polygon', 'https://api.polygon.io', 5, ['POLYGON_API_KEY']],
    ]);
    expect(PRICE_PROVIDERS.alpaca.create().name).toBe('alpaca');
  });

  it.each([
    ['yahoo', 'https://query1.finance.yahoo.com/x', /Mozilla/],
    ['alpaca', 'https://data.alpaca.markets/x', /market-data/i],
    ['polygon', 'https://api.polygon.io/x', /market-data/i],
  ] as const)(
    'createPriceSourceHttp(%s) defaults to the provider origin and user agent',
    async (provider, url, agent) => {
      const { fetch, calls } = recordingFetch();
      await createPriceSourceHttp(provider, { fetch, rateLimit: { requestsPerInterval: 100, intervalMs: 1 } }).getJson(
        '/x',
      );
      expect(calls[0]!.url).toBe(url);
      expect(calls[0]!.headers['user-agent']).toMatch(agent);
    },
  );

  it('maps settings + config to a yahoo setup whose config slice is empty: no planning setting reaches a source', () => {
    // The prices settings as the pipeline passes them, planning settings included.
    const pricesSettings = {
      ...settings,
      watchlist: ['AAPL', 'MSFT'],
      backfillFrom: '2022-01-01',
      lagDays: 5,
      sliceMonths: 12,
    };
    const setup = createPriceSourceSetup(pricesSettings, { http, ...none });
    expect(setup.provider).toBe('yahoo');
    expect(setup.source.name).toBe('yahoo');
    expect(setup.config).toEqual({});
  });

  it('reports every missing secret of the selected provider as a ConfigError', () => {
    expect.assertions(6);
    try {
      createPriceSourceSetup({ ...settings, provider: 'alpaca' }, { http, ...none });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toBe(
        'PRICES_PROVIDER=alpaca needs APCA_API_KEY_ID and APCA_API_SECRET_KEY',
      );
      expect((error as ConfigError).issues).toEqual([
        'APCA_API_KEY_ID: is required when PRICES_PROVIDER=alpaca',
        'APCA_API_SECRET_KEY: is required when PRICES_PROVIDER=alpaca',
      ]);
    }
    // Only the absent one is named.
    const halfAlpaca = { ...none, alpaca: { keyId: new Secret('id'), secretKey: undefined } };
    expect(() => createPriceSourceSetup({ ...settings, provider: 'alpaca' }, { http, ...halfAlpaca })).toThrow(
      /^PRICES_PROVIDER=alpaca needs APCA_API_SECRET_KEY$/,
    );
    expect(() => createPriceSourceSetup({ ...settings, provider: 'polygon' }, { http, ...none })).toThrow(
      /^PRICES_PROVIDER=polygon needs POLYGON_API_KEY$/,
    );
    expect(() => createPriceSourceSetup({ ...settings, provider: 'yahoo' }, { http, ...none })).not.toThrow();
  });

  describe('against the replay server', () => {
    let server: PriceReplayServer;
    beforeAll(async () => {
      server = await startPriceReplayServer({ today: '2025-03-14' });
    });
    afterAll(() => server.stop());

    it('an alpaca setup fetches with the configured base URL and secrets', async () => {
      const config = {
        http,
        alpaca: {
          keyId: new Secret(server.credentials.alpaca.keyId),
          secretKey: new Secret(server.credentials.alpaca.secretKey),
        },
        polygon: { apiKey: undefined },
      };
      const setup = createPriceSourceSetup(
        { ...settings, provider: 'alpaca', alpacaDataBaseUrl: server.baseUrl, alpacaRequestsPerMinute: 6_000 },
        config,
      );
      if (setup.provider !== 'alpaca') throw new Error('expected alpaca');
      const log = recordingLogger();
      const ctx = { http: setup.http, log, now: () => new Date('2025-03-14T21:00:00Z'), config: setup.config };
      const stored = { AAPL: { lastDate: '2025-03-13' }, MSFT: { lastDate: '2025-03-13' } };
      const { pages, error } = await collectPages(
        setup.source.pages(fetchCursor(['AAPL', 'MSFT'], [['2025-03-07', '2025-03-14']], 'incremental', stored), ctx),
      );
      expect(error).toBeUndefined();
      expect(pages.map((p) => p.request.params.tickers)).toEqual(['AAPL,MSFT']);
      expect(server.requests.all()[0]!.query).toMatchObject({
        symbols: 'AAPL,MSFT',
        start: '2025-03-07T05:00:00Z',
        end: '2025-03-15T03:59:59Z',
        timeframe: '1Day',
      });
    });
  });
});
