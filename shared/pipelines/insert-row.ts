/**
 * Appends rows with parameterised INSERTs through `Warehouse.query`: how the run loop writes its
 * bookkeeping (cursor history, finished backfill slices). One statement is atomic on both backends
 * and needs no staging table. (`Warehouse.merge` stages every batch in a table it then drops, and
 * on bigquery-emulator v0.8.1 each DROP rebuilds the catalog and leaks memory in its SQL engine
 * until it panics "slice bounds out of range [-2147482192:]"; the emulator also rejects MERGE from
 * a subquery: "MERGE: source must be a single-table reference".) Many rows go in one multi-row
 * INSERT: one INSERT per row cost a committed (fsynced) transaction each, ~5,000 of them in a
 * 500-ticker backfill.
 */
import { DUCKDB_TYPES } from '../warehouse/ddl/duckdb';
import type { TableDef, Warehouse, WarehouseRow } from '../warehouse/types';

/** Rows per INSERT statement (BigQuery caps a query's parameters; 100 x 9 columns stays far below). */
const ROWS_PER_STATEMENT = 100;

/** `INSERT INTO <ref> (<columns>) VALUES (...), (...)` with `@c<col>_<row>` parameters, and its params. Pure. */
export function insertRowsStatement(def: TableDef, kind: Warehouse['kind'], tableRef: string, rows: readonly WarehouseRow[]): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const tuples = rows.map((row, r) => {
    const values = def.columns.map((column, c) => {
      params[`c${c}_${r}`] = row[column.name] ?? null;
      return `CAST(@c${c}_${r} AS ${kind === 'duckdb' ? DUCKDB_TYPES[column.type] : column.type})`;
    });
    return `(${values.join(', ')})`;
  });
  return { sql: `INSERT INTO ${tableRef} (${def.columns.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`, params };
}

/** Appends `rows` (missing columns as NULL) to `def`, 100 per statement. Fails with the warehouse's StorageError. */
export async function insertRows(warehouse: Warehouse, def: TableDef, rows: readonly WarehouseRow[]): Promise<void> {
  const ref = warehouse.kind === 'duckdb' ? def.name : warehouse.tableRef(def.name);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const { sql, params } = insertRowsStatement(def, warehouse.kind, ref, rows.slice(i, i + ROWS_PER_STATEMENT));
    await warehouse.query(sql, params);
  }
}
