/**
 * The US equity trading calendar the price sources plan with: weekdays minus NYSE full-day
 * closures. Dates are 'YYYY-MM-DD' strings handled as UTC calendar days, so no time zone enters
 * the arithmetic. The same holiday list lives in dev/replay/calendar.ts (the replay server's own
 * copy: shared/ may not import dev/); keep the two in step when a year is added.
 */

/** NYSE full-day closures 2022-2027 (observed dates, including the 2025-01-09 day of mourning). */
export const NYSE_HOLIDAYS: readonly string[] = [
  '2022-01-17',
  '2022-02-21',
  '2022-04-15',
  '2022-05-30',
  '2022-06-20',
  '2022-07-04',
  '2022-09-05',
  '2022-11-24',
  '2022-12-26',
  '2023-01-02',
  '2023-01-16',
  '2023-02-20',
  '2023-04-07',
  '2023-05-29',
  '2023-06-19',
  '2023-07-04',
  '2023-09-04',
  '2023-11-23',
  '2023-12-25',
  '2024-01-01',
  '2024-01-15',
  '2024-02-19',
  '2024-03-29',
  '2024-05-27',
  '2024-06-19',
  '2024-07-04',
  '2024-09-02',
  '2024-11-28',
  '2024-12-25',
  '2025-01-01',
  '2025-01-09',
  '2025-01-20',
  '2025-02-17',
  '2025-04-18',
  '2025-05-26',
  '2025-06-19',
  '2025-07-04',
  '2025-09-01',
  '2025-11-27',
  '2025-12-25',
  '2026-01-01',
  '2026-01-19',
  '2026-02-16',
  '2026-04-03',
  '2026-05-25',
  '2026-06-19',
  '2026-07-03',
  '2026-09-07',
  '2026-11-26',
  '2026-12-25',
  '2027-01-01',
  '2027-01-18',
  '2027-02-15',
  '2027-03-26',
  '2027-05-31',
  '2027-06-18',
  '2027-07-05',
  '2027-09-06',
  '2027-11-25',
  '2027-12-24',
];

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is a real calendar date written 'YYYY-MM-DD' (rejects '2024-02-30'). */
export function isIsoDate(value: string): boolean {
  if (!ISO_DATE.test(value)) return false;
  // Arithmetic, not a Date round trip: this runs for every bar of a backfill.
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1]!);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

/** `date` shifted by `days` calendar days. @throws RangeError for a malformed date. */
export function addDays(date: string, days: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a 'YYYY-MM-DD' date: ${JSON.stringify(date)}`);
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** `date` shifted by `months` calendar months, clamped to the month's end ('2024-01-31' + 1 -> '2024-02-29'). */
export function addMonths(date: string, months: number): string {
  if (!isIsoDate(date)) throw new RangeError(`not a 'YYYY-MM-DD' date: ${JSON.stringify(date)}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const first = new Date(Date.UTC(y, m - 1 + months, 1));
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, lastDay));
  return first.toISOString().slice(0, 10);
}

/** A trading calendar; build one per holiday list (the factory indexes the list once). */
export interface MarketCalendar {
  /** True for a weekday that is not a holiday. @throws RangeError for a malformed date. */
  isTradingDay(date: string): boolean;
  /**
   * The trading day `n` trading days away from `date` (n < 0: earlier). n = 0 gives `date` when
   * it trades, else the trading day before it.
   */
  shiftTradingDays(date: string, n: number): string;
  /** How many trading days lie in [from, to], inclusive (0 when from > to). */
  countTradingDays(from: string, to: string): number;
}

/**
 * A calendar of weekdays minus `holidays` (default NYSE_HOLIDAYS). Beyond the list's last year
 * only weekends are closed, which errs towards planning a fetch for a closed day: harmless.
 */
export function createMarketCalendar(holidays: readonly string[] = NYSE_HOLIDAYS): MarketCalendar {
  const closed = new Set(holidays);
  const isTradingDay = (date: string): boolean => {
    const weekday = new Date(Date.parse(`${addDays(date, 0)}T00:00:00Z`)).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !closed.has(date);
  };
  return {
    isTradingDay,
    shiftTradingDays(date, n) {
      let day = date;
      while (!isTradingDay(day)) day = addDays(day, -1);
      const step = n < 0 ? -1 : 1;
      for (let left = Math.abs(n); left > 0;) {
        day = addDays(day, step);
        if (isTradingDay(day)) left -= 1;
      }
      return day;
    },
    countTradingDays(from, to) {
      let count = 0;
      for (let day = from; day <= to; day = addDays(day, 1)) if (isTradingDay(day)) count += 1;
      return count;
    },
  };
}
