/**
 * The SQL text of the DuckDB warehouse's MERGE and catalog, as pure functions of a TableDef.
 */
import { DUCKDB_TYPES, quoteDuckDbIdent as q } from '../ddl/duckdb';
import { nonKeyColumns } from '../table-def';
import type { ColumnType, TableDef } from '../types';

/** Where each table's definition is kept, since DuckDB itself has no partitioning or clustering to report. */
export const CATALOG_TABLE = '_warehouse_tables';

/** Creates the catalog table. */
export const CREATE_CATALOG = `CREATE TABLE IF NOT EXISTS ${q(CATALOG_TABLE)} (name VARCHAR PRIMARY KEY, definition JSON NOT NULL, updated_at TIMESTAMP NOT NULL)`;

/** Records a definition ($name, $definition). */
export const UPSERT_CATALOG = `INSERT INTO ${q(CATALOG_TABLE)} VALUES ($name, $definition, now()::TIMESTAMP) ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at`;

/**
 * How a column is staged: FLOAT64 and BOOL in their own type (the Appender takes the JS number or
 * boolean as is: no text round trip), everything else as canonical text that MERGE casts.
 */
export function stagingType(type: ColumnType): 'DOUBLE' | 'BOOLEAN' | 'VARCHAR' {
  return type === 'FLOAT64' ? 'DOUBLE' : type === 'BOOL' ? 'BOOLEAN' : 'VARCHAR';
}

/** The temporary table the Appender fills (stagingType per column); MERGE casts it to the real types. */
export function stagingCreate(def: TableDef, staging: string): string {
  return `CREATE TEMP TABLE ${q(staging)} (${def.columns.map((column) => `${q(column.name)} ${stagingType(column.type)}`).join(', ')})`;
}

function typedSource(def: TableDef, staging: string): string {
  const casts = def.columns.map(
    (column) => `CAST(${q(column.name)} AS ${DUCKDB_TYPES[column.type]}) AS ${q(column.name)}`,
  );
  return `(SELECT ${casts.join(', ')} FROM temp.main.${q(staging)})`;
}

function keyMatch(def: TableDef, left: string, right: string): string {
  return def.key.map((name) => `${left}.${q(name)} = ${right}.${q(name)}`).join(' AND ');
}

/** Counts staged rows whose key already exists: the rows MERGE will update. */
export function stagingMatchCount(def: TableDef, staging: string): string {
  return `SELECT count(*) AS matched FROM ${typedSource(def, staging)} AS s JOIN ${q(def.name)} AS t ON ${keyMatch(def, 't', 's')}`;
}

/** MERGE INTO (DuckDB >= 1.4): overwrite every non-key column of matched rows, insert the rest. */
export function mergeFromStaging(def: TableDef, staging: string): string {
  const updates = nonKeyColumns(def).map((column) => `${q(column.name)} = s.${q(column.name)}`);
  const names = def.columns.map((column) => q(column.name));
  return [
    `MERGE INTO ${q(def.name)} AS t USING ${typedSource(def, staging)} AS s ON ${keyMatch(def, 't', 's')}`,
    updates.length > 0 ? `WHEN MATCHED THEN UPDATE SET ${updates.join(', ')}` : 'WHEN MATCHED THEN DO NOTHING',
    `WHEN NOT MATCHED THEN INSERT (${names.join(', ')}) VALUES (${names.map((name) => `s.${name}`).join(', ')})`,
  ].join('\n');
}

/** Appends the staged rows, cast to the real types, in one statement. */
export function insertFromStaging(def: TableDef, staging: string): string {
  return `INSERT INTO ${q(def.name)} (${def.columns.map((column) => q(column.name)).join(', ')}) SELECT * FROM ${typedSource(def, staging)}`;
}
