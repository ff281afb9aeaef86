/**
 * Trading dates: a provider stamps a daily bar with an instant (Yahoo: the market open; Alpaca and
 * Polygon: midnight New York), but the contract stores the exchange's calendar date. The UTC date
 * is wrong for exchanges east of UTC and fragile around DST, and a provider's current `gmtoffset`
 * is wrong for half the year, so the date is always derived in the exchange's IANA time zone.
 */

/** The exchange time zone of the US markets every provider here defaults to. */
export const NEW_YORK = 'America/New_York';

/** 'YYYY-MM-DD', the only date form in the data contracts. */
export const ISO_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

// Building an Intl.DateTimeFormat costs tens of microseconds, and a backfill builds one per page:
// a memo per time zone (pure: a formatter has no state) takes that off the hot path.
const OFFSET_FORMATS = new Map<string, Intl.DateTimeFormat>();

/**
 * A time zone's date formatter and its recent answers. Bars of many tickers (pages) share the same
 * instants (each day's open) and Intl formatting costs about a microsecond, so answers are
 * remembered per zone (bounded; pure, as the formatter is), which also lets rows share one date
 * string per day.
 */
interface ZoneDates {
  format: Intl.DateTimeFormat;
  recent: Map<number, string | null>;
}

const DATES_BY_ZONE = new Map<string, ZoneDates>();

/** Instants a zone's date formatter remembers: about 16 years of daily bars. */
const RECENT_DATES = 4096;

function zoneDatesFor(timeZone: string): ZoneDates {
  let zone = DATES_BY_ZONE.get(timeZone);
  if (zone === undefined) {
    // en-CA formats as YYYY-MM-DD; formatToParts would be ~3x slower per row.
    const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    DATES_BY_ZONE.set(timeZone, (zone = { format, recent: new Map() }));
  }
  return zone;
}

/**
 * Returns a function mapping an epoch instant in milliseconds to its calendar date 'YYYY-MM-DD' in
 * `timeZone` (DST-aware, via Intl). Formatters are memoized per time zone, so building one per page
 * is cheap. Throws RangeError for an unknown time zone; the returned function
 * returns `null` for a non-finite instant instead of throwing.
 */
export function createTradingDateFormatter(timeZone: string): (epochMs: number) => string | null {
  const { format, recent } = zoneDatesFor(timeZone);
  return (epochMs) => {
    if (!Number.isFinite(epochMs)) return null;
    let date = recent.get(epochMs);
    if (date === undefined) {
      const text = format.format(epochMs);
      date = ISO_DATE_PATTERN.test(text) ? text : null;
      if (recent.size >= RECENT_DATES) recent.clear();
      recent.set(epochMs, date);
    }
    return date;
  };
}

/**
 * Returns a function giving the offset of `timeZone` from UTC in minutes at an instant (ms)
 * (New York: -240 in summer, -300 in winter). One formatter per returned function: build it once.
 * Throws RangeError for an unknown time zone.
 */
export function createUtcOffset(timeZone: string): (epochMs: number) => number {
  let format = OFFSET_FORMATS.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    OFFSET_FORMATS.set(timeZone, format);
  }
  return (epochMs) => {
    const name = format.formatToParts(epochMs).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
    const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
    if (match === null) return 0; // plain "GMT": UTC itself
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === '-' ? -minutes : minutes;
  };
}

/** One-off form of `createUtcOffset`; prefer the factory in loops. */
export function utcOffsetMinutes(timeZone: string, epochMs: number): number {
  return createUtcOffset(timeZone)(epochMs);
}

/**
 * Returns a function giving the UTC instant (ms) of local wall-clock time `hh:mm` on calendar date
 * `date` in `timeZone`, e.g. ('2024-03-11', 9, 30) in New York -> 2024-03-11T13:30Z. Assumes the
 * wall time exists (no exchange opens inside a DST gap). Returns NaN for a malformed date.
 */
export function createZonedInstant(timeZone: string): (date: string, hours: number, minutes: number) => number {
  const offset = createUtcOffset(timeZone);
  return (date, hours, minutes) => {
    const naive = Date.parse(`${date}T00:00:00Z`) + (hours * 60 + minutes) * 60_000;
    if (!Number.isFinite(naive)) return Number.NaN;
    // The offset at the naive instant is right except within hours of a transition; one correction
    // pass settles it because exchanges do not open at 02:00.
    const first = naive - offset(naive) * 60_000;
    return naive - offset(first) * 60_000;
  };
}

/** One-off form of `createZonedInstant`; prefer the factory in loops. */
export function zonedInstant(date: string, hours: number, minutes: number, timeZone: string): number {
  return createZonedInstant(timeZone)(date, hours, minutes);
}
