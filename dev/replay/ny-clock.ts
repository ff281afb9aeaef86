/** A memoized New York clock for one server: Intl is exact about DST but too slow to call per bar. */
import {
  NEW_YORK,
  createTradingDateFormatter,
  createUtcOffset,
  createZonedInstant,
} from '../../shared/schemas/trading-date';
import type { NyClock } from './routes/types';

export function createNyClock(): NyClock {
  const zoned = createZonedInstant(NEW_YORK);
  const dateOf = createTradingDateFormatter(NEW_YORK);
  const offset = createUtcOffset(NEW_YORK);
  const opens = new Map<string, number>();
  const midnights = new Map<string, number>();
  return {
    marketOpenS(date) {
      let value = opens.get(date);
      if (value === undefined) opens.set(date, (value = zoned(date, 9, 30) / 1000));
      return value;
    },
    midnightMs(date) {
      let value = midnights.get(date);
      if (value === undefined) midnights.set(date, (value = zoned(date, 0, 0)));
      return value;
    },
    dateOf,
    offsetMinutes: offset,
  };
}
