/**
 * The few spellings where DuckDB and BigQuery GoogleSQL differ. Everything else in the generated
 * SQL is standard window-function SQL that both accept verbatim.
 */
export interface SqlDialect {
  name: 'duckdb' | 'bigquery';
  /**
   * A named query parameter. Both dialects spell it `@name`, the one spelling `Warehouse.query`
   * accepts on both backends (the DuckDB warehouse rewrites it to DuckDB's `$name` itself).
   */
  param(name: string): string;
  /** Integer division of two INT64 expressions, rounding toward zero (arguments are >= 0 here). */
  intDiv(a: string, b: string): string;
  /** TRUE when `expr` is an element of the array parameter `name` (a list of strings). */
  inArrayParam(expr: string, name: string): string;
}

/**
 * DuckDB 1.x through `Warehouse.query`: `@name` parameters (rewritten to `$name` by the DuckDB
 * warehouse, which binds a JS array as a LIST), `//` integer division, `list_contains`.
 * A raw DuckDB connection rejects `@name`: run these statements through the warehouse.
 */
export const duckdbDialect: SqlDialect = {
  name: 'duckdb',
  param: (name) => `@${name}`,
  intDiv: (a, b) => `((${a}) // (${b}))`,
  inArrayParam: (expr, name) => `list_contains(@${name}, ${expr})`,
};

/** BigQuery GoogleSQL: `@name` parameters, `DIV`, `IN UNNEST`. */
export const bigqueryDialect: SqlDialect = {
  name: 'bigquery',
  param: (name) => `@${name}`,
  intDiv: (a, b) => `DIV(${a}, ${b})`,
  inArrayParam: (expr, name) => `${expr} IN UNNEST(@${name})`,
};

/** The dialect for a warehouse name; throws RangeError for anything else (a programming error). */
export function dialectFor(name: SqlDialect['name']): SqlDialect {
  if (name === 'duckdb') return duckdbDialect;
  if (name === 'bigquery') return bigqueryDialect;
  throw new RangeError(`unknown SQL dialect: ${String(name)}`);
}

/**
 * A DOUBLE / FLOAT64 literal that round-trips the JS number exactly. Exponent notation matters:
 * DuckDB reads a plain `0.84615...` as DECIMAL, while `8.4615...e-1` is a DOUBLE in both dialects.
 */
export function num(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  return x.toExponential();
}
