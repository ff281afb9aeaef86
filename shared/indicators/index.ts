/**
 * Indicators: the `price_indicators` computation as SQL generated per warehouse dialect (the table
 * itself is `priceIndicators` in shared/warehouse/pipeline-tables.ts). Pure: builds strings, runs nothing.
 */
import type { IndicatorSqlOptions, SqlStatement } from './compute-sql';
import { buildIndicatorRecompute, buildIndicatorSelect, indicatorOutputColumns } from './compute-sql';
import type { SqlDialect } from './sql/dialect';
import { dialectFor } from './sql/dialect';

export type { IndicatorScope, IndicatorSqlOptions, SqlStatement } from './compute-sql';
export type { IndicatorColumn, IndicatorParams } from '../schemas/indicator-columns';
export { INDICATOR_PARAMS, indicatorColumns } from '../schemas/indicator-columns';
export type { SqlDialect } from './sql/dialect';

/** The indicator SQL of one warehouse, with the table names fixed once. */
export interface IndicatorSql {
  dialect: SqlDialect['name'];
  /** Columns of the SELECT, in order: ticker, date, indicators..., computed_at. */
  columns: string[];
  /** SELECT of `price_indicators` rows for a scope; `computedAt` is an ISO timestamp. */
  select(scope: Omit<IndicatorSqlOptions, 'source' | 'target'>, computedAt: string): SqlStatement;
  /** [DELETE, INSERT] replacing the scope's rows from `fromDate` on. */
  recompute(scope: Omit<IndicatorSqlOptions, 'source' | 'target'>, computedAt: string): SqlStatement[];
}

/**
 * Indicator SQL for `dialect` reading `source` (default `prices_daily`) and writing `target`
 * (default `price_indicators`); qualify them (`dataset.table`) for BigQuery. Throws RangeError for
 * an unknown dialect or a malformed table name (at first use).
 */
export function createIndicatorSql(
  dialect: SqlDialect['name'],
  tables: { source?: string; target?: string } = {},
): IndicatorSql {
  const d = dialectFor(dialect);
  return {
    dialect,
    columns: indicatorOutputColumns(),
    select: (scope, computedAt) => buildIndicatorSelect(d, { ...scope, ...tables }, computedAt),
    recompute: (scope, computedAt) => buildIndicatorRecompute(d, { ...scope, ...tables }, computedAt),
  };
}
