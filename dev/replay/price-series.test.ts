import { dateOfDay, dayNumber, isWeekday, NYSE_HOLIDAYS, tradingDays } from './calendar';
import { barsFor, splitAdjusted, DEFAULT_SPLITS } from './price-series';
import { expectedPriceBars } from './expected';
import { checkPriceBatch } from '../../shared/schemas/price-bar';

describe('calendar', () => {
  it('every listed holiday is a weekday (a weekend entry would be a typo)', () => {
    expect(NYSE_HOLIDAYS.filter((d) => !isWeekday(dayNumber(d)))).toEqual([]);
  });

  it('dateOfDay agrees with Date for 1900-2100 and inverts dayNumber', () => {
    const mismatches: number[] = [];
    for (let day = dayNumber('1900-01-01'); day <= dayNumber('2100-12-31'); day++) {
      const date = dateOfDay(day);
      if (date !== new Date(day * 86_400_000).toISOString().slice(0, 10) || dayNumber(date) !== day)
        mismatches.push(day);
    }
    expect(mismatches).toEqual([]);
  });

  it.each([
    [2022, 251],
    [2023, 250],
    [2024, 252],
    [2025, 250],
    [2026, 251],
  ])('NYSE had/has %i trading days: %i', (year, count) => {
    expect(tradingDays(`${year}-01-01`, `${year}-12-31`, new Set(NYSE_HOLIDAYS))).toHaveLength(count);
  });
});

describe('barsFor', () => {
  it('a 5-year range has ~1256 trading days, none on a weekend or holiday', () => {
    const bars = barsFor('AAPL', '2022-01-01', '2026-12-31');
    expect(bars).toHaveLength(1254);
    expect(bars.filter((b) => !isWeekday(dayNumber(b.date)))).toEqual([]);
    expect(bars.filter((b) => NYSE_HOLIDAYS.includes(b.date))).toEqual([]);
    expect(bars.map((b) => b.date)).toEqual(tradingDays('2022-01-01', '2026-12-31', new Set(NYSE_HOLIDAYS)));
  });

  it('is deterministic, and any range is a slice of a longer one', () => {
    const long = barsFor('MSFT', '2022-01-01', '2024-12-31');
    expect(barsFor('MSFT', '2022-01-01', '2024-12-31')).toEqual(long);
    const slice = barsFor('MSFT', '2023-03-01', '2023-03-31');
    expect(slice).toEqual(long.filter((b) => b.date >= '2023-03-01' && b.date <= '2023-03-31'));
  });

  it('differs by ticker and by seed', () => {
    const a = barsFor('AAA', '2024-01-02', '2024-01-31');
    expect(barsFor('AAB', '2024-01-02', '2024-01-31').map((b) => b.close)).not.toEqual(a.map((b) => b.close));
    expect(barsFor('AAA', '2024-01-02', '2024-01-31', { seed: 2 }).map((b) => b.close)).not.toEqual(
      a.map((b) => b.close),
    );
  });

  it('keeps high/low consistent, prices in cents > 0, volumes positive integers, for many tickers', () => {
    for (const ticker of ['A', 'NVDA', 'TSLA', 'BRK.B', 'ZZZZ', 'PENNY', 'X1', 'Q']) {
      const bars = barsFor(ticker, '2020-01-01', '2025-12-31');
      const { valid, rejected } = checkPriceBatch(
        bars.map((b) => ({ ...b, adj_close: b.close, source: 'polygon' })),
        { today: '2025-12-31' },
      );
      expect(rejected).toEqual([]);
      expect(valid).toHaveLength(bars.length);
      for (const b of bars) expect(Math.round(b.close * 100) / 100).toBe(b.close);
    }
  });

  it('moves like a stock: daily moves mostly within 10%, prices stay within plausible bounds', () => {
    const bars = barsFor('IBM', '2022-01-01', '2026-12-31', { splits: {} });
    const moves = bars.slice(1).map((b, i) => Math.abs(Math.log(b.close / bars[i]!.close)));
    expect(moves.filter((m) => m > 0.1).length).toBeLessThan(bars.length * 0.01);
    expect(Math.max(...bars.map((b) => b.close)) / Math.min(...bars.map((b) => b.close))).toBeLessThan(20);
  });

  it('holidays and the split are configurable', () => {
    expect(barsFor('X', '2024-12-24', '2024-12-26').map((b) => b.date)).toEqual(['2024-12-24', '2024-12-26']);
    expect(barsFor('X', '2024-12-24', '2024-12-26', { holidays: [] }).map((b) => b.date)).toEqual([
      '2024-12-24',
      '2024-12-25',
      '2024-12-26',
    ]);
  });
});

describe('the NVDA split (10:1 on 2024-06-10)', () => {
  const raw = barsFor('NVDA', '2024-06-03', '2024-06-14');
  const split = DEFAULT_SPLITS.NVDA!;

  it('traded prices drop ~10x on the split date; volume rises ~10x', () => {
    const before = raw.find((b) => b.date === '2024-06-07')!;
    const after = raw.find((b) => b.date === '2024-06-10')!;
    expect(before.close / after.close).toBeGreaterThan(7);
    expect(before.close / after.close).toBeLessThan(14);
    expect(after.volume / before.volume).toBeGreaterThan(2);
  });

  it('adjusted as of a date on/after the split divides earlier prices; before it, nothing changes', () => {
    const adjusted = splitAdjusted(raw, split, '2024-06-14');
    const i = raw.findIndex((b) => b.date === '2024-06-07');
    expect(adjusted[i]!.close).toBe(raw[i]!.close / 10);
    expect(adjusted[i]!.volume).toBe(raw[i]!.volume * 10);
    expect(adjusted[i + 1]).toEqual(raw[i + 1]);
    expect(splitAdjusted(raw, split, '2024-06-07')).toEqual(raw);
    expect(splitAdjusted(raw, undefined, '2024-06-14')).toEqual(raw);
  });

  it('expectedPriceBars follows the provider semantics', () => {
    const base = { ticker: 'NVDA', from: '2024-06-07', to: '2024-06-20', today: '2024-06-11' };
    const yahoo = expectedPriceBars({ ...base, source: 'yahoo' });
    expect(yahoo.map((b) => b.date)).toEqual(['2024-06-07', '2024-06-10', '2024-06-11']);
    expect(yahoo[0]).toMatchObject({ close: raw[4]!.close / 10, adj_close: raw[4]!.close / 10, source: 'yahoo' });
    const alpacaRaw = expectedPriceBars({ ...base, source: 'alpaca', adjusted: false });
    expect(alpacaRaw[0]).toMatchObject({ close: raw[4]!.close, adj_close: null, volume: raw[4]!.volume });
  });
});
