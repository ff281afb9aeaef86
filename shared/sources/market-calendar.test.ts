import { addDays, addMonths, createMarketCalendar, isIsoDate } from './market-calendar';

describe('market calendar', () => {
  const calendar = createMarketCalendar();

  it.each([
    ['2025-03-14', true], // Friday
    ['2025-03-15', false], // Saturday
    ['2025-03-16', false], // Sunday
    ['2025-01-09', false], // day of mourning
    ['2024-07-04', false],
    ['2024-07-05', true],
  ])('isTradingDay(%s) = %s', (date, expected) => {
    expect(calendar.isTradingDay(date)).toBe(expected);
  });

  it.each([
    ['2025-03-14', -4, '2025-03-10'],
    ['2025-03-17', -1, '2025-03-14'],
    ['2025-02-18', -1, '2025-02-14'], // over Presidents' Day
    ['2025-03-15', 0, '2025-03-14'], // a Saturday snaps back
    ['2025-03-14', 1, '2025-03-17'],
    ['2024-12-31', 2, '2025-01-03'],
  ])('shiftTradingDays(%s, %d) = %s', (date, n, expected) => {
    expect(calendar.shiftTradingDays(date, n)).toBe(expected);
  });

  it('counts trading days inclusively', () => {
    expect(calendar.countTradingDays('2025-03-10', '2025-03-14')).toBe(5);
    expect(calendar.countTradingDays('2025-03-15', '2025-03-16')).toBe(0);
    expect(calendar.countTradingDays('2024-01-01', '2024-12-31')).toBe(252);
    expect(calendar.countTradingDays('2024-01-02', '2024-01-01')).toBe(0);
  });

  it('does date arithmetic on calendar days and months', () => {
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2024-11-15', 3)).toBe('2025-02-15');
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-2-3')).toBe(false);
    expect([
      isIsoDate('2024-02-29'),
      isIsoDate('2023-02-29'),
      isIsoDate('2000-02-29'),
      isIsoDate('1900-02-29'),
    ]).toEqual([true, false, true, false]);
    expect([
      isIsoDate('2024-04-31'),
      isIsoDate('2024-12-31'),
      isIsoDate('2024-00-10'),
      isIsoDate('2024-13-01'),
      isIsoDate('2024-01-00'),
    ]).toEqual([false, true, false, false, false]);
    expect(() => addDays('soon', 1)).toThrow(RangeError);
  });
});
