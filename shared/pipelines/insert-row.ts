/**
 * Appends ONE row with a single parameterised INSERT through `Warehouse.query`: how the run loop
 * writes its bookkeeping (cursor history, finished backfill slices). One statement is atomic on
 * both backends and needs no staging table. (`Warehouse.merge` stages every batch in a table it
 * then drops, and on bigquery-emulator v0.8.1 each DROP rebuilds the catalog and leaks memory in
 * its SQL engine until it panics "slice bounds out of range [-2147482192:]"; the emulator also
 * rejects MERGE from a subquery: "MERGE: source must be a single-table reference".)
 */
import type { ColumnType, TableDef, Warehouse, WarehouseRow } from '../warehouse/types';

const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  NUMERIC: 'DECIMAL(38,9)',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** `INSERT INTO <ref> (<columns>) VALUES (CAST(@<column> AS <type>), ...)` for `def`. Pure. */
export function insertRowSql(def: TableDef, kind: Warehouse['kind'], tableRef: string): string {
  const typeOf = (type: ColumnType) => (kind === 'duckdb' ? DUCKDB_TYPES[type] : type);
  return `INSERT INTO ${tableRef} (${def.columns.map((c) => c.name).join(', ')}) VALUES (${def.columns.map((c) => `CAST(@${c.name} AS ${typeOf(c.type)})`).join(', ')})`;
}

/** Appends `row` (missing columns as NULL) to `def`. Fails with the warehouse's StorageError. */
export async function insertRow(warehouse: Warehouse, def: TableDef, row: WarehouseRow): Promise<void> {
  const ref = warehouse.kind === 'duckdb' ? def.name : warehouse.tableRef(def.name);
  const params = Object.fromEntries(def.columns.map((c) => [c.name, row[c.name] ?? null]));
  await warehouse.query(insertRowSql(def, warehouse.kind, ref), params);
}
