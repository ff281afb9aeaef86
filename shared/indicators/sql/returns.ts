/** Daily simple and log returns of the adjusted close; NULL on a ticker's first row. */
import type { FamilySql } from './family';

/** `return_1d` = (p_t - p_{t-1}) / p_{t-1} (as technicalindicators' ROC(1) / 100) and `log_return_1d` = ln(p_t / p_{t-1}). */
export function returnsSql(): FamilySql {
  return {
    series: ['(price - prev_price) / prev_price AS return_1d', 'LN(price / prev_price) AS log_return_1d'],
    output: ['return_1d', 'log_return_1d'],
  };
}
