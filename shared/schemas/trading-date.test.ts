import { NEW_YORK, createTradingDateFormatter, utcOffsetMinutes, zonedInstant } from './trading-date';

describe('trading dates in the exchange time zone', () => {
  const nyDate = createTradingDateFormatter(NEW_YORK);

  it.each<[string, string, string]>([
    ['Yahoo market open, first day of EDT', '2024-03-11T13:30:00Z', '2024-03-11'],
    ['Yahoo market open, EST', '2024-01-03T14:30:00Z', '2024-01-03'],
    ['Alpaca daily bar, EST midnight', '2024-01-03T05:00:00Z', '2024-01-03'],
    ['Alpaca daily bar, EDT midnight', '2024-07-01T04:00:00Z', '2024-07-01'],
    ['UTC date is the next day, NY is not', '2024-07-02T02:00:00Z', '2024-07-01'],
  ])('%s: %s -> %s', (_name, instant, expected) => {
    expect(nyDate(Date.parse(instant))).toBe(expected);
  });

  it('derives the date east of UTC where the UTC date is the previous day', () => {
    // Tokyo opens 09:00 JST = 00:00Z the same day, but 23:30Z is already the next Tokyo day.
    expect(createTradingDateFormatter('Asia/Tokyo')(Date.parse('2024-03-10T23:30:00Z'))).toBe('2024-03-11');
  });

  it('returns null for a non-finite instant and throws RangeError for an unknown zone', () => {
    expect(nyDate(Number.NaN)).toBeNull();
    expect(() => createTradingDateFormatter('Mars/Olympus')).toThrow(RangeError);
  });

  it('gives the same dates as Intl across far more instants than it remembers, asked twice, across zones', () => {
    const intl = (zone: string) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const expected = { [NEW_YORK]: intl(NEW_YORK), 'Asia/Tokyo': intl('Asia/Tokyo') };
    // 10,000 hourly instants pass the 4,096-entry memo twice over, crossing DST changes.
    const instants = Array.from({ length: 10_000 }, (_, i) => Date.parse('2023-01-01T00:00:00Z') + i * 3_600_000);
    for (const zone of [NEW_YORK, 'Asia/Tokyo'] as const) {
      const dateIn = createTradingDateFormatter(zone);
      for (const round of [1, 2]) {
        const wrong = instants.filter((ms) => dateIn(ms) !== expected[zone].format(ms));
        expect({ zone, round, wrong: wrong.length }).toEqual({ zone, round, wrong: 0 });
      }
    }
  });

  it.each<[string, number, number, string]>([
    ['2024-03-08', 9, 30, '2024-03-08T14:30:00.000Z'],
    ['2024-03-11', 9, 30, '2024-03-11T13:30:00.000Z'],
    ['2024-11-01', 9, 30, '2024-11-01T13:30:00.000Z'],
    ['2024-11-04', 9, 30, '2024-11-04T14:30:00.000Z'],
    ['2024-01-03', 0, 0, '2024-01-03T05:00:00.000Z'],
    ['2024-03-10', 0, 0, '2024-03-10T05:00:00.000Z'],
  ])('zonedInstant(%s %d:%d New York) = %s', (date, h, m, expected) => {
    expect(new Date(zonedInstant(date, h, m, NEW_YORK)).toISOString()).toBe(expected);
  });

  it('utcOffsetMinutes follows DST', () => {
    expect(utcOffsetMinutes(NEW_YORK, Date.parse('2024-01-15T12:00:00Z'))).toBe(-300);
    expect(utcOffsetMinutes(NEW_YORK, Date.parse('2024-07-15T12:00:00Z'))).toBe(-240);
    expect(utcOffsetMinutes('UTC', 0)).toBe(0);
    expect(utcOffsetMinutes('Asia/Kolkata', 0)).toBe(330);
  });
});
