/**
 * The replay server's trading calendar: weekdays minus NYSE full-day holidays. Dates are
 * 'YYYY-MM-DD' strings handled as UTC calendar days, so no time zone enters the arithmetic.
 */

/** NYSE full-day closures, the same list the production calendar uses. */
export { NYSE_HOLIDAYS } from '../../shared/sources/market-calendar';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a 'YYYY-MM-DD' date; NaN when it is not one. */
export function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY_MS;
}

/**
 * The 'YYYY-MM-DD' date of a day number (years 0000-9999). Plain arithmetic (Hinnant's
 * civil_from_days) because the series generator calls it per bar and Date#toISOString is slower.
 */
export function dateOfDay(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/** True for Monday..Friday. */
export function isWeekday(day: number): boolean {
  // 1970-01-01 was a Thursday (4); Sunday is 0.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}

/** The trading days in [from, to] (inclusive, 'YYYY-MM-DD'), ascending. */
export function tradingDays(from: string, to: string, holidays: ReadonlySet<string>): string[] {
  const days: string[] = [];
  for (let day = dayNumber(from), last = dayNumber(to); day <= last; day++) {
    if (!isWeekday(day)) continue;
    const date = dateOfDay(day);
    if (!holidays.has(date)) days.push(date);
  }
  return days;
}
