/**
 * DuckDB DDL for a TableDef, as pure text. DuckDB has neither partitioning nor clustering: the
 * natural key becomes the PRIMARY KEY (an ART index, which also makes key lookups in MERGE cheap)
 * and the partition/clustering declaration is kept in the catalog table instead (duckdb/catalog.ts).
 */
import type { ColumnDef, ColumnType, TableDef } from '../types';

/** DuckDB type for each column type; TIMESTAMP is stored as a UTC wall-clock TIMESTAMP (no session time zone involved). */
export const DUCKDB_TYPES: Readonly<Record<ColumnType, string>> = {
  STRING: 'VARCHAR',
  INT64: 'BIGINT',
  FLOAT64: 'DOUBLE',
  // BigQuery NUMERIC is precision 38, scale 9.
  NUMERIC: 'DECIMAL(38, 9)',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** `"name"` with embedded quotes doubled. */
export function quoteDuckDbIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `'text'` with embedded quotes doubled. */
export function quoteDuckDbString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function columnSql(column: ColumnDef): string {
  return `${quoteDuckDbIdent(column.name)} ${DUCKDB_TYPES[column.type]}${column.required ? ' NOT NULL' : ''}`;
}

/** `CREATE TABLE IF NOT EXISTS` with NOT NULL on required columns and the natural key as PRIMARY KEY. */
export function duckDbCreateTable(def: TableDef): string {
  const lines = def.columns.map((column) => `  ${columnSql(column)}`);
  lines.push(`  PRIMARY KEY (${def.key.map(quoteDuckDbIdent).join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${quoteDuckDbIdent(def.name)} (\n${lines.join(',\n')}\n)`;
}

/** COMMENT ON statements carrying the table and column descriptions (DuckDB >= 0.10). */
export function duckDbComments(def: TableDef): string[] {
  return [
    `COMMENT ON TABLE ${quoteDuckDbIdent(def.name)} IS ${quoteDuckDbString(def.description)}`,
    ...def.columns.map(
      (column) =>
        `COMMENT ON COLUMN ${quoteDuckDbIdent(def.name)}.${quoteDuckDbIdent(column.name)} IS ${quoteDuckDbString(column.description)}`,
    ),
  ];
}

/**
 * `ALTER TABLE ... ADD COLUMN IF NOT EXISTS` for one column added to a definition after the table
 * was created. Always nullable: existing rows have no value for it.
 */
export function duckDbAddColumn(tableName: string, column: ColumnDef): string {
  return `ALTER TABLE ${quoteDuckDbIdent(tableName)} ADD COLUMN IF NOT EXISTS ${quoteDuckDbIdent(column.name)} ${DUCKDB_TYPES[column.type]}`;
}
