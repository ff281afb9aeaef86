/**
 * BigQuery's `append`: parameterised multi-row INSERTs, each statement atomic, with no staging
 * table. (`merge` stages every batch in a table it then drops, and on bigquery-emulator v0.8.1
 * each DROP rebuilds the catalog and leaks memory in its SQL engine until it panics "slice bounds
 * out of range [-2147482192:]"; appends come after every landed group, so they must not.) Many rows
 * go in one statement: one INSERT per row cost a job each, ~5,000 of them in a 500-ticker backfill.
 */
import type { TableDef, WarehouseRow } from '../types';

/** Rows per INSERT statement (BigQuery caps a query's parameters; 100 x 9 columns stays far below). */
export const ROWS_PER_INSERT = 100;

/** `INSERT INTO <ref> (<columns>) VALUES (...), (...)` with `@c<col>_<row>` parameters, and its params. Pure. */
export function insertRowsStatement(
  def: TableDef,
  tableRef: string,
  rows: readonly WarehouseRow[],
): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const tuples = rows.map((row, r) => {
    const values = def.columns.map((column, c) => {
      params[`c${c}_${r}`] = row[column.name] ?? null;
      return `CAST(@c${c}_${r} AS ${column.type})`;
    });
    return `(${values.join(', ')})`;
  });
  return {
    sql: `INSERT INTO ${tableRef} (${def.columns.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`,
    params,
  };
}
