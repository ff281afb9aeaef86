import { createMarketCalendar } from '../market-calendar';
import { expectsBars, mergePriceCursors, nextPriceCursor, type PriceCursor } from './cursor';

const today = '2025-03-14'; // a Friday

describe('nextPriceCursor', () => {
  it.each<[string, PriceCursor, { ticker: string; date: string }[], PriceCursor]>([
    [
      'first rows of a ticker',
      { tickers: {} },
      [
        { ticker: 'A', date: '2024-01-03' },
        { ticker: 'A', date: '2024-01-02' },
      ],
      { tickers: { A: { firstDate: '2024-01-02', lastDate: '2024-01-03' } } },
    ],
    [
      'never moves backwards',
      { tickers: { A: { firstDate: '2023-01-03', lastDate: '2024-06-14' } } },
      [{ ticker: 'A', date: '2024-06-10' }],
      { tickers: { A: { firstDate: '2023-01-03', lastDate: '2024-06-14' } } },
    ],
    [
      'extends both ends',
      { tickers: { A: { firstDate: '2023-01-03', lastDate: '2024-06-14' } } },
      [
        { ticker: 'A', date: '2022-01-03' },
        { ticker: 'A', date: '2024-06-17' },
      ],
      { tickers: { A: { firstDate: '2022-01-03', lastDate: '2024-06-17' } } },
    ],
    [
      'keeps an unknown history start unknown',
      { tickers: { A: { lastDate: '2024-06-14' } } },
      [{ ticker: 'A', date: '2024-06-17' }],
      { tickers: { A: { lastDate: '2024-06-17' } } },
    ],
    [
      'tickers interleaved, dates out of order',
      { tickers: {} },
      [
        { ticker: 'A', date: '2024-01-05' },
        { ticker: 'B', date: '2024-01-04' },
        { ticker: 'A', date: '2024-01-02' },
        { ticker: 'A', date: '2024-01-09' },
        { ticker: 'A', date: '2024-01-03' },
        { ticker: 'B', date: '2024-01-03' },
      ],
      {
        tickers: {
          A: { firstDate: '2024-01-02', lastDate: '2024-01-09' },
          B: { firstDate: '2024-01-03', lastDate: '2024-01-04' },
        },
      },
    ],
    [
      'other tickers untouched; bad dates ignored; fetch dropped',
      { tickers: { B: { lastDate: '2024-01-02' } }, fetch: [] },
      [{ ticker: 'A', date: 'nope' }],
      { tickers: { B: { lastDate: '2024-01-02' } } },
    ],
  ])('%s', (_name, cursor, rows, expected) => {
    const before = JSON.stringify(cursor);
    expect(nextPriceCursor(cursor, rows)).toEqual(expected);
    expect(JSON.stringify(cursor)).toBe(before);
  });
});

describe('mergePriceCursors', () => {
  it('keeps the later lastDate and the earlier firstDate per ticker, in either order', () => {
    const a: PriceCursor = {
      tickers: { A: { firstDate: '2022-01-03', lastDate: '2024-06-14' }, B: { lastDate: '2024-01-02' } },
    };
    const b: PriceCursor = {
      tickers: {
        A: { firstDate: '2023-01-03', lastDate: '2024-06-17' },
        C: { firstDate: '2024-01-02', lastDate: '2024-01-02' },
      },
      fetch: [],
    };
    const expected = {
      tickers: {
        A: { firstDate: '2022-01-03', lastDate: '2024-06-17' },
        B: { lastDate: '2024-01-02' },
        C: { firstDate: '2024-01-02', lastDate: '2024-01-02' },
      },
    };
    expect(mergePriceCursors(a, b)).toEqual(expected);
    expect(mergePriceCursors(b, a)).toEqual(expected);
    expect(mergePriceCursors(undefined, b)).toEqual({ tickers: b.tickers });
  });
});

describe('expectsBars', () => {
  const calendar = createMarketCalendar();
  it.each<[string, { from: string; to: string }, boolean, boolean]>([
    ['recent multi-week range, no history', { from: '2025-01-02', to: today }, false, true],
    ['recent but only 4 trading days', { from: '2025-03-11', to: today }, false, false],
    ['ends long before today (before a listing)', { from: '2022-01-03', to: '2022-12-30' }, false, false],
    ['ticker with stored history', { from: '2025-01-02', to: today }, true, false],
  ])('%s', (_name, range, hasHistory, expected) => {
    expect(expectsBars(range, hasHistory ? { lastDate: '2024-12-31' } : undefined, today, calendar)).toBe(expected);
  });
});
