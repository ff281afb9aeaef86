/** Bollinger bands on the adjusted close. */
import { num } from './dialect';
import type { FamilySql } from './family';
import { trailing } from './family';

/**
 * `bb_middle_<n>`, `bb_upper_<n>`, `bb_lower_<n>`: SMA(n) +/- k * the POPULATION standard deviation
 * of the same n closes (STDDEV_POP; technicalindicators' SD divides by n, not n-1).
 */
export function bollingerSql(p: { period: number; stdDev: number }): FamilySql {
  const n = p.period;
  return {
    windows: [`${trailing('AVG', 'price', n)} AS bb_mid`, `${trailing('STDDEV_POP', 'price', n)} AS bb_sd`],
    output: [
      `bb_mid AS bb_middle_${n}`,
      `bb_mid + ${num(p.stdDev)} * bb_sd AS bb_upper_${n}`,
      `bb_mid - ${num(p.stdDev)} * bb_sd AS bb_lower_${n}`,
    ],
  };
}
