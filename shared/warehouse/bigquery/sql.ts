/**
 * The SQL text of the BigQuery MERGE, as pure functions of a TableDef.
 *
 * Why `ON FALSE` and a key semi-join instead of `ON T.key = S.key ... WHEN MATCHED THEN UPDATE`:
 * goccy/bigquery-emulator (v0.8.1, googlesqlite) lowers a MERGE's ON clause to a nested-loop
 * LEFT JOIN over `googlesqlite_equal(...)`, which SQLite cannot index, so a keyed MERGE of 10,000
 * rows into 10,000 takes about ten minutes (1,000 into 1,000 took 6 s; see "go-zetasqlite usage
 * leads to inefficient SQLite query plans", https://github.com/goccy/bigquery-emulator/issues/294).
 * `x IN (SELECT ...)` is lowered to SQLite's own IN, which is indexed, so the equivalent
 * "delete the matched keys, insert every staged row" MERGE runs in seconds there. On BigQuery it is
 * one atomic DML statement with the same result as the keyed form, since our MERGE overwrites
 * every non-key column of a matched row anyway.
 */
import { bigQuerySchemaField, quoteBigQueryPath as q, type BigQuerySchemaField } from '../ddl/bigquery';
import type { CanonicalValue, PreparedBatch } from '../batch';
import type { TableDef } from '../types';

/** A comparable key: the column itself, or for a composite key its JSON text (TO_JSON_STRING is injective). */
function keyExpr(def: TableDef, alias?: string): string {
  const cols = def.key.map((name) => (alias === undefined ? q(name) : `${alias}.${q(name)}`));
  return cols.length === 1 ? cols[0]! : `TO_JSON_STRING(STRUCT(${cols.join(', ')}))`;
}

/**
 * A constant range on the partition column covering the batch, so BigQuery prunes partitions
 * (and accepts the statement when requirePartitionFilter is set). Only when the partition column
 * is part of the key: otherwise a row's old version may sit outside the batch's range.
 */
export function partitionRange(def: TableDef, batch: PreparedBatch, alias: string): string | undefined {
  const field = def.partitionField;
  if (field === undefined || !def.key.includes(field)) return undefined;
  const index = def.columns.findIndex((column) => column.name === field);
  const type = def.columns[index]!.type;
  const values = batch.rows
    .map((row) => row[index])
    .filter((value): value is Exclude<CanonicalValue, null> => value !== null)
    .map(String)
    .sort();
  if (values.length === 0) return undefined;
  // Canonical DATE and ISO TIMESTAMP text sorts chronologically and was validated by prepareBatch.
  return `${alias}.${q(field)} BETWEEN ${type} '${values[0]}' AND ${type} '${values[values.length - 1]}'`;
}

/** Counts target rows whose key is staged: the rows the MERGE will overwrite. */
export function matchedCountSql(def: TableDef, target: string, staging: string, range: string | undefined): string {
  return `SELECT COUNT(*) AS matched FROM ${target} AS T WHERE ${keyExpr(def, 'T')} IN (SELECT ${keyExpr(def)} FROM ${staging})${range === undefined ? '' : ` AND ${range}`}`;
}

/** The upsert as one MERGE statement (see the file comment for its shape). */
export function mergeSql(def: TableDef, target: string, staging: string, range: string | undefined): string {
  const names = def.columns.map((column) => q(column.name));
  const values = def.columns.map((column) =>
    column.type === 'JSON' ? `PARSE_JSON(S.${q(column.name)})` : `S.${q(column.name)}`,
  );
  return [
    `MERGE ${target} AS T USING ${staging} AS S ON FALSE`,
    `WHEN NOT MATCHED BY SOURCE AND ${keyExpr(def, 'T')} IN (SELECT ${keyExpr(def)} FROM ${staging})${range === undefined ? '' : ` AND ${range}`} THEN DELETE`,
    `WHEN NOT MATCHED BY TARGET THEN INSERT (${names.join(', ')}) VALUES (${values.join(', ')})`,
  ].join('\n');
}

/**
 * The staging schema: the target's, except that JSON columns are STRING holding JSON text, which
 * MERGE turns back into JSON with PARSE_JSON. A JSON column in an NDJSON load is ambiguous for a
 * string value (the emulator parses it as JSON text, so the JSON string "text" fails with "json:
 * invalid character e as true"); a STRING column is not.
 */
export function stagingFields(def: TableDef): BigQuerySchemaField[] {
  return def.columns.map((column) =>
    bigQuerySchemaField(column.type === 'JSON' ? { ...column, type: 'STRING' } : column),
  );
}

/** The batch as newline-delimited JSON for a load job into the staging schema. */
export function toNdjson(batch: PreparedBatch): string {
  const lines = batch.rows.map((row) => {
    const record: Record<string, CanonicalValue> = {};
    batch.columns.forEach((column, index) => {
      const value = row[index];
      if (value !== null && value !== undefined) record[column.name] = value;
    });
    return JSON.stringify(record);
  });
  return `${lines.join('\n')}\n`;
}
