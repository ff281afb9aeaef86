import { nextPriceCursor, type PriceCursor } from '../../sources/prices/cursor';
import {
  fetchPlan,
  planPriceSlices,
  sliceDateRange,
  splitRefetchRanges,
  type FetchPlanOptions,
  type PriceFetchRequest,
} from './plan';

const today = '2025-03-14'; // a Friday
const base: FetchPlanOptions = { today, lagTradingDays: 5, defaultStart: '2022-01-01', maxSliceDays: 365 };
const brief = (ranges: { ticker: string; from: string; to: string; reason: string }[]) =>
  ranges.map((r) => `${r.ticker} ${r.from}..${r.to} ${r.reason}`);

describe('fetchPlan', () => {
  it.each<[string, PriceCursor | undefined, PriceFetchRequest, Partial<FetchPlanOptions>, string[]]>([
    [
      'incremental: lag 5 re-reads the last 5 trading days',
      { tickers: { AAPL: { lastDate: '2025-03-13' } } },
      { mode: 'incremental', tickers: ['AAPL'] },
      {},
      ['AAPL 2025-03-07..2025-03-14 incremental'],
    ],
    [
      'incremental: the lag window steps over weekends and the 2025-02-17 holiday',
      { tickers: { AAPL: { lastDate: '2025-02-19' } } },
      { mode: 'incremental', tickers: ['AAPL'] },
      { lagTradingDays: 3 },
      ['AAPL 2025-02-14..2025-03-14 incremental'],
    ],
    [
      'incremental: lag 1 re-reads lastDate only',
      { tickers: { AAPL: { lastDate: '2025-03-13' } } },
      { mode: 'incremental', tickers: ['AAPL'] },
      { lagTradingDays: 1 },
      ['AAPL 2025-03-13..2025-03-14 incremental'],
    ],
    [
      'incremental: lag 0 starts the day after lastDate',
      { tickers: { AAPL: { lastDate: '2025-03-13' } } },
      { mode: 'incremental', tickers: ['AAPL'] },
      { lagTradingDays: 0 },
      ['AAPL 2025-03-14..2025-03-14 incremental'],
    ],
    [
      'incremental: lag 0 and a cursor at today fetch nothing',
      { tickers: { AAPL: { lastDate: today } } },
      { mode: 'incremental', tickers: ['AAPL'] },
      { lagTradingDays: 0 },
      [],
    ],
    [
      'incremental: a ticker without cursor starts at defaultStart, sliced',
      { tickers: { AAPL: { lastDate: '2025-03-13' } } },
      { mode: 'incremental', tickers: ['AAPL', 'NVDA'] },
      {},
      [
        'AAPL 2025-03-07..2025-03-14 incremental',
        'NVDA 2022-01-01..2022-12-31 initial',
        'NVDA 2023-01-01..2023-12-31 initial',
        'NVDA 2024-01-01..2024-12-30 initial',
        'NVDA 2024-12-31..2025-03-14 initial',
      ],
    ],
    [
      'incremental: no cursor at all, duplicates dropped',
      undefined,
      { mode: 'incremental', tickers: ['MSFT', 'MSFT'] },
      { defaultStart: '2025-01-01' },
      ['MSFT 2025-01-01..2025-03-14 initial'],
    ],
    [
      'backfill: explicit range, sliced per ticker, whatever the cursor',
      { tickers: { AAPL: { lastDate: '2025-03-13' } } },
      { mode: 'backfill', tickers: ['AAPL', 'MSFT'], from: '2023-01-01', to: '2023-12-31' },
      { maxSliceDays: 200 },
      [
        'AAPL 2023-01-01..2023-07-19 backfill',
        'AAPL 2023-07-20..2023-12-31 backfill',
        'MSFT 2023-01-01..2023-07-19 backfill',
        'MSFT 2023-07-20..2023-12-31 backfill',
      ],
    ],
    [
      'backfill: to is capped at today; from defaults to defaultStart',
      undefined,
      { mode: 'backfill', tickers: ['AAPL'], to: '2030-01-01' },
      { defaultStart: '2025-01-01' },
      ['AAPL 2025-01-01..2025-03-14 backfill'],
    ],
    [
      'backfill: slices by calendar months when asked',
      undefined,
      { mode: 'backfill', tickers: ['AAPL'], from: '2024-01-31', to: '2024-05-15' },
      { sliceMonths: 2 },
      ['AAPL 2024-01-31..2024-03-30 backfill', 'AAPL 2024-03-31..2024-05-15 backfill'],
    ],
  ])('%s', (_name, cursor, request, options, expected) => {
    expect(brief(fetchPlan(cursor, request, { ...base, ...options }))).toEqual(expected);
  });

  it('gives each range a stable id TICKER:from:to', () => {
    expect(
      fetchPlan(undefined, { mode: 'backfill', tickers: ['AAPL'], from: '2024-01-01', to: '2024-01-31' }, base),
    ).toEqual([
      { id: 'AAPL:2024-01-01:2024-01-31', ticker: 'AAPL', from: '2024-01-01', to: '2024-01-31', reason: 'backfill' },
    ]);
  });

  it.each<[string, PriceFetchRequest, Partial<FetchPlanOptions>, RegExp]>([
    [
      'from after to',
      { mode: 'backfill', tickers: ['A'], from: '2024-02-01', to: '2024-01-01' },
      {},
      /from 2024-02-01 is after to 2024-01-01/,
    ],
    [
      'malformed from',
      { mode: 'backfill', tickers: ['A'], from: '2024-02-30' },
      {},
      /from must be a 'YYYY-MM-DD' date/,
    ],
    ['negative lag', { mode: 'incremental', tickers: ['A'] }, { lagTradingDays: -1 }, /lagTradingDays/],
    ['bad slice length', { mode: 'incremental', tickers: ['A'] }, { maxSliceDays: 0 }, /maxSliceDays/],
  ])('rejects %s with a RangeError', (_name, request, options, message) => {
    expect(() => fetchPlan(undefined, request, { ...base, ...options })).toThrow(RangeError);
    expect(() => fetchPlan(undefined, request, { ...base, ...options })).toThrow(message);
  });
});

describe('sliceDateRange', () => {
  it.each([
    ['2024-01-01', '2024-01-01', 365, [['2024-01-01', '2024-01-01']]],
    [
      '2024-01-01',
      '2024-01-10',
      5,
      [
        ['2024-01-01', '2024-01-05'],
        ['2024-01-06', '2024-01-10'],
      ],
    ],
    [
      '2024-01-01',
      '2024-01-11',
      5,
      [
        ['2024-01-01', '2024-01-05'],
        ['2024-01-06', '2024-01-10'],
        ['2024-01-11', '2024-01-11'],
      ],
    ],
    ['2024-01-02', '2024-01-01', 5, []],
  ])('%s..%s by %d days', (from, to, days, expected) => {
    expect(sliceDateRange(from, to, { maxSliceDays: days }).map((r) => [r.from, r.to])).toEqual(expected);
  });
});

describe('splitRefetchRanges', () => {
  const stored: PriceCursor = {
    tickers: { NVDA: { firstDate: '2023-06-01', lastDate: '2024-06-07' }, AAPL: { lastDate: '2024-06-14' } },
  };
  it.each<[string, { ticker: string; date: string }[], string[]]>([
    [
      'a split after lastDate re-fetches [firstDate, lastDate]',
      [{ ticker: 'NVDA', date: '2024-06-10' }],
      ['NVDA 2023-06-01..2024-05-30 split', 'NVDA 2024-05-31..2024-06-07 split'],
    ],
    ['a split on or before lastDate is already stored', [{ ticker: 'AAPL', date: '2024-06-10' }], []],
    ['no stored state: nothing stale', [{ ticker: 'MSFT', date: '2024-06-10' }], []],
    [
      'unknown firstDate: from defaultStart; one set per ticker',
      [
        { ticker: 'AAPL', date: '2024-06-17' },
        { ticker: 'AAPL', date: '2024-06-18' },
      ],
      ['AAPL 2022-01-01..2022-12-31 split', 'AAPL 2023-01-01..2023-12-31 split', 'AAPL 2024-01-01..2024-06-14 split'],
    ],
  ])('%s', (_name, splits, expected) => {
    expect(brief(splitRefetchRanges(stored, splits, { defaultStart: '2022-01-01', maxSliceDays: 365 }))).toEqual(
      expected,
    );
  });

  it('plans the ranges the Yahoo source is handed around a split: the lag window, then the stored history once', () => {
    // Planning the Yahoo source used to do inside `pages`; the source test fetches these ranges.
    const nvda: PriceCursor = { tickers: { NVDA: { firstDate: '2023-06-01', lastDate: '2024-06-07' } } };
    expect(brief(fetchPlan(nvda, { mode: 'incremental', tickers: ['NVDA'] }, base))).toEqual([
      'NVDA 2024-06-03..2025-03-14 incremental',
    ]);
    const split = [{ ticker: 'NVDA', date: '2024-06-10' }];
    expect(brief(splitRefetchRanges(nvda, split, { maxSliceDays: 365 }))).toEqual([
      'NVDA 2023-06-01..2024-05-30 split',
      'NVDA 2024-05-31..2024-06-07 split',
    ]);
    // The next run stored past the split: the split in its lag window is old news.
    const after = nextPriceCursor(nvda, [
      { ticker: 'NVDA', date: '2024-06-03' },
      { ticker: 'NVDA', date: today },
    ]);
    expect(splitRefetchRanges(after, split, { maxSliceDays: 365 })).toEqual([]);
  });
});

describe('planPriceSlices', () => {
  it('one slice per range, scoped by ticker, carrying that ticker state and the range', () => {
    const stored = new Map<string, PriceCursor>([
      ['AAPL', { tickers: { AAPL: { firstDate: '2022-01-03', lastDate: '2025-03-13' } } }],
    ]);
    const slices = planPriceSlices(
      stored,
      { mode: 'incremental', tickers: ['AAPL', 'NVDA'] },
      { ...base, defaultStart: '2025-01-01' },
    );
    expect(slices).toEqual([
      {
        id: 'AAPL:2025-03-07:2025-03-14',
        scope: 'AAPL',
        from: '2025-03-07',
        to: today,
        cursor: {
          tickers: { AAPL: { firstDate: '2022-01-03', lastDate: '2025-03-13' } },
          fetch: [
            { id: 'AAPL:2025-03-07:2025-03-14', ticker: 'AAPL', from: '2025-03-07', to: today, reason: 'incremental' },
          ],
        },
      },
      {
        id: 'NVDA:2025-01-01:2025-03-14',
        scope: 'NVDA',
        from: '2025-01-01',
        to: today,
        cursor: {
          tickers: {},
          fetch: [
            { id: 'NVDA:2025-01-01:2025-03-14', ticker: 'NVDA', from: '2025-01-01', to: today, reason: 'initial' },
          ],
        },
      },
    ]);
  });
});
