import { addDays, monthRanges, planBackfill, planIncremental, splitRefetch, weekdaysBefore } from './prices-plan';

describe('prices planning', () => {
  it.each([
    ['2024-03-04', 0, '2024-03-04'],
    ['2024-03-04', 1, '2024-03-01'], // Monday -> Friday
    ['2024-03-08', 5, '2024-03-01'],
    ['2024-03-10', 1, '2024-03-08'], // from a Sunday
    ['2024-01-02', 3, '2023-12-28'],
  ])('weekdaysBefore(%s, %i) = %s', (date, n, expected) => {
    expect(weekdaysBefore(date, n)).toBe(expected);
  });

  it('adds calendar days across months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
  });

  it('cuts a range into calendar-aligned month blocks that cover it exactly once', () => {
    expect(monthRanges('2022-01-01', '2024-06-30', 12)).toEqual([
      { from: '2022-01-01', to: '2022-12-31' },
      { from: '2023-01-01', to: '2023-12-31' },
      { from: '2024-01-01', to: '2024-06-30' },
    ]);
    expect(monthRanges('2023-11-15', '2024-02-10', 1)).toEqual([
      { from: '2023-11-15', to: '2023-11-30' },
      { from: '2023-12-01', to: '2023-12-31' },
      { from: '2024-01-01', to: '2024-01-31' },
      { from: '2024-02-01', to: '2024-02-10' },
    ]);
    expect(monthRanges('2024-02-01', '2024-01-01', 12)).toEqual([]);
    expect(() => monthRanges('2024-02-30', '2024-03-01', 1)).toThrow(RangeError);
    expect(() => monthRanges('2024-01-01', '2024-03-01', 0)).toThrow(RangeError);
  });

  it('plans backfill slices per ticker and range with stable ids', () => {
    const slices = planBackfill(['AAPL', 'MSFT'], '2022-01-01', '2023-03-31', 12);
    expect(slices.map((s) => s.id)).toEqual([
      'AAPL:2022-01-01:2022-12-31',
      'AAPL:2023-01-01:2023-03-31',
      'MSFT:2022-01-01:2022-12-31',
      'MSFT:2023-01-01:2023-03-31',
    ]);
    expect(planBackfill(['AAPL', 'MSFT'], '2022-01-01', '2023-03-31', 12)).toEqual(slices);
  });

  it('plans incremental ranges from the lag window, the backfill start for new tickers, nothing past today', () => {
    const last = new Map([
      ['AAPL', '2024-03-08'],
      ['MSFT', '2022-01-04'],
      ['TSLA', '2024-03-12'],
    ]);
    const plan = planIncremental(['AAPL', 'MSFT', 'NEW', 'TSLA'], last, { today: '2024-03-11', lagDays: 5, backfillFrom: '2022-01-03' });
    expect(plan.map((r) => [r.ticker, r.from, r.to])).toEqual([
      ['AAPL', '2024-03-01', '2024-03-11'],
      ['MSFT', '2022-01-03', '2024-03-11'], // the lag would reach before the backfill start
      ['NEW', '2022-01-03', '2024-03-11'],
      ['TSLA', '2024-03-05', '2024-03-11'],
    ]);
  });

  it('re-fetches the whole history only for a split newer than the stored data', () => {
    const options = { today: '2024-06-12', backfillFrom: '2022-01-01' };
    expect(splitRefetch('NVDA', ['2024-06-10'], '2024-06-07', options)).toEqual({
      id: 'NVDA:2022-01-01:2024-06-12:split',
      ticker: 'NVDA',
      from: '2022-01-01',
      to: '2024-06-12',
    });
    expect(splitRefetch('NVDA', ['2024-06-10'], '2024-06-10', options)).toBeUndefined();
    expect(splitRefetch('NVDA', ['2024-06-10'], undefined, options)).toBeUndefined();
    expect(splitRefetch('NVDA', [], '2024-06-07', options)).toBeUndefined();
  });
});
