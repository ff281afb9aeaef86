import { loadConfig } from '../../config';
import { ConfigError } from '../../errors';
import { createSilentLogger } from '../../log';
import type { PriceBarCandidate } from '../../schemas/price-bar';
import type { PriceCursor } from '../../sources/prices/cursor';
import type { Normalized, RawPage } from '../../sources/types';
import type { SliceOutcome } from '../loop/types';
import { bindPriceSource } from './binding';
import { createPricesDefinition, splitsOf } from './definition';
import { parsePricesSettings } from './settings';

const deps = { log: createSilentLogger(), now: () => new Date('2024-06-14T21:00:00Z') };

function definitionFor(env: Record<string, string> = {}) {
  const settings = parsePricesSettings({ PRICES_WATCHLIST: 'AAPL,NVDA', ...env });
  const binding = bindPriceSource(
    settings,
    loadConfig({ APCA_API_KEY_ID: 'id', APCA_API_SECRET_KEY: 'secret', POLYGON_API_KEY: 'key', ...env }),
    deps,
  );
  return { binding, definition: createPricesDefinition(binding, settings) };
}

const stored = (lastDate: string, firstDate = '2022-01-03'): PriceCursor => ({
  tickers: { NVDA: { firstDate, lastDate } },
});

function outcomeWith(
  splits: { ticker: string; date: string }[],
  before: PriceCursor | undefined,
  reason: 'incremental' | 'split' = 'incremental',
): SliceOutcome<PriceCursor, PriceBarCandidate> {
  const range = { id: 'NVDA:2024-06-07:2024-06-14', ticker: 'NVDA', from: '2024-06-07', to: '2024-06-14', reason };
  const normalized = { rows: [], problems: [], skipped: {}, splits } as Normalized<PriceBarCandidate>;
  return {
    slice: { id: range.id, scope: 'NVDA', cursor: { tickers: before?.tickers ?? {}, fetch: [range] } },
    before,
    pages: [{ page: {} as RawPage, normalized }],
  };
}

describe('bindPriceSource', () => {
  it.each(['yahoo', 'alpaca', 'polygon'])('binds PRICES_PROVIDER=%s to its shared/sources client', (provider) => {
    const { binding, definition } = definitionFor({ PRICES_PROVIDER: provider });
    expect(binding.source.name).toBe(provider);
    expect(definition.source).toBe(binding.source);
    // Planning is the definition's: no watchlist, lag window or slicing reaches the source.
    for (const key of ['tickers', 'lagTradingDays', 'defaultStart', 'sliceMonths', 'maxSliceDays', 'refetchOnSplit'])
      expect(binding.config).not.toHaveProperty(key);
  });

  it('takes page sizes from the settings', () => {
    expect(definitionFor({ PRICES_PROVIDER: 'alpaca', ALPACA_PAGE_LIMIT: '7' }).binding.config).toMatchObject({
      pageLimit: 7,
    });
    expect(definitionFor({ PRICES_PROVIDER: 'polygon', POLYGON_PAGE_LIMIT: '9' }).binding.config).toMatchObject({
      pageLimit: 9,
    });
  });

  it('refuses a provider whose keys are missing', () => {
    const settings = parsePricesSettings({ PRICES_PROVIDER: 'polygon' });
    expect(() => bindPriceSource(settings, loadConfig({}), deps)).toThrow(ConfigError);
  });
});

describe('createPricesDefinition', () => {
  const { definition } = definitionFor();
  const today = definition.today(deps.now());

  it("uses New York's date as today", () => {
    expect(today).toBe('2024-06-14');
    expect(definition.today(new Date('2024-06-15T02:00:00Z'))).toBe('2024-06-14');
  });

  it('plans a backfill per ticker and 12-month range, each cursor fetching its one range', () => {
    const request = definition.resolve(
      { mode: 'backfill', trigger: 'cli', from: '2023-03-01', to: '2099-01-01' },
      today,
    );
    expect(request).toMatchObject({ from: '2023-03-01', to: '2024-06-14', scopes: ['AAPL', 'NVDA'] });
    const slices = definition.plan(request, new Map([['NVDA', stored('2024-06-05')]]), today);
    expect(slices.map((s) => s.id)).toEqual([
      'AAPL:2023-03-01:2024-02-29',
      'AAPL:2024-03-01:2024-06-14',
      'NVDA:2023-03-01:2024-02-29',
      'NVDA:2024-03-01:2024-06-14',
    ]);
    expect(slices[3]).toMatchObject({
      scope: 'NVDA',
      from: '2024-03-01',
      to: '2024-06-14',
      cursor: {
        tickers: stored('2024-06-05').tickers,
        fetch: [{ ticker: 'NVDA', from: '2024-03-01', to: '2024-06-14', reason: 'backfill' }],
      },
    });
  });

  it('plans nothing for a backfill that lies wholly after today', () => {
    const request = definition.resolve({ mode: 'backfill', trigger: 'cli', from: '2025-01-01' }, today);
    expect(definition.plan(request, new Map(), today)).toEqual([]);
  });

  it('plans an incremental run as the lag window of trading days, and full history for a new ticker', () => {
    const request = definition.resolve({ mode: 'incremental', trigger: 'schedule' }, today);
    const slices = definition.plan(request, new Map([['NVDA', stored('2024-06-05')]]), today);
    // AAPL has no cursor: its history from PRICES_BACKFILL_FROM, in 12-month slices.
    expect(slices.map((s) => s.id)).toEqual([
      'AAPL:2022-01-01:2022-12-31',
      'AAPL:2023-01-01:2023-12-31',
      'AAPL:2024-01-01:2024-06-14',
      'NVDA:2024-05-30:2024-06-14',
    ]);
    expect(slices[3]!.cursor.fetch).toEqual([
      { id: 'NVDA:2024-05-30:2024-06-14', ticker: 'NVDA', from: '2024-05-30', to: '2024-06-14', reason: 'incremental' },
    ]);
  });

  it('never moves a cursor back, and drops the fetch ranges', () => {
    const later = definition.advance(stored('2024-06-14', '2023-01-03'), {
      tickers: { NVDA: { firstDate: '2022-01-03', lastDate: '2022-12-30' } },
      fetch: [],
    });
    expect(later).toEqual({ tickers: { NVDA: { firstDate: '2022-01-03', lastDate: '2024-06-14' } } });
  });

  it("re-fetches a ticker's stored history, once, for a split newer than its stored data", () => {
    const slices = definition.followUp!(
      outcomeWith([{ ticker: 'NVDA', date: '2024-06-10' }], stored('2024-06-05')),
      today,
    );
    expect(slices.map((s) => s.id)).toEqual([
      'NVDA:2022-01-03:2023-01-02:split',
      'NVDA:2023-01-03:2024-01-02:split',
      'NVDA:2024-01-03:2024-06-05:split',
    ]);
    expect(slices[0]!.cursor).toEqual({
      tickers: stored('2024-06-05').tickers,
      fetch: [
        { id: 'NVDA:2022-01-03:2023-01-02', ticker: 'NVDA', from: '2022-01-03', to: '2023-01-02', reason: 'split' },
      ],
    });
    // Seen already, no stored data, or a re-fetch slice itself: nothing more.
    expect(
      definition.followUp!(outcomeWith([{ ticker: 'NVDA', date: '2024-06-05' }], stored('2024-06-05')), today),
    ).toEqual([]);
    expect(definition.followUp!(outcomeWith([{ ticker: 'NVDA', date: '2024-06-10' }], undefined), today)).toEqual([]);
    expect(
      definition.followUp!(outcomeWith([{ ticker: 'NVDA', date: '2024-06-10' }], stored('2024-06-05'), 'split'), today),
    ).toEqual([]);
  });

  it('reads splits from any normalized page, and none where a source reports none', () => {
    expect(splitsOf({ rows: [], problems: [], skipped: {} })).toEqual([]);
    expect(
      splitsOf({
        rows: [],
        problems: [],
        skipped: {},
        splits: [{ ticker: 'NVDA', date: '2024-06-10', ratio: 10 }],
      } as Normalized<PriceBarCandidate>),
    ).toEqual([{ ticker: 'NVDA', date: '2024-06-10', ratio: 10 }]);
  });
});
