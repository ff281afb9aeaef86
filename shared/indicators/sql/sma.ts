/** Simple moving averages of the adjusted close. */
import type { FamilySql } from './family';
import { trailing } from './family';

/** `sma_<n>` for each period: the mean of the last n closes, NULL for the first n-1 rows. */
export function smaSql(periods: readonly number[]): FamilySql {
  return {
    windows: periods.map((n) => `${trailing('AVG', 'price', n)} AS sma_${n}`),
    output: periods.map((n) => `sma_${n}`),
  };
}
