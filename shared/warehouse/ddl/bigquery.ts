/**
 * BigQuery DDL for a TableDef, as pure data and text: the `tables.insert` resource (used by
 * bigquery/warehouse.ts and, later, by cdktf's google_bigquery_table) and the equivalent
 * `CREATE TABLE` statement. Partitioning is always DAY on the declared DATE/TIMESTAMP column.
 */
import type { ColumnDef, ColumnType, TableDef } from '../types';

/**
 * REST schema type names. The legacy names (INTEGER, BOOLEAN) are what tables.get returns, so a
 * resource built from them does not show a perpetual diff in Terraform. FLOAT64 stays FLOAT64:
 * bigquery-emulator v0.8.1 creates a legacy FLOAT column as 32-bit and then refuses to INSERT a
 * DOUBLE into it ("Query column 3 has type DOUBLE which cannot be inserted into column ...").
 */
export const BIGQUERY_REST_TYPES: Readonly<Record<ColumnType, string>> = {
  STRING: 'STRING',
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** One field of a REST table schema (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#TableFieldSchema). */
export interface BigQuerySchemaField {
  name: string;
  type: string;
  mode: 'REQUIRED' | 'NULLABLE';
  description: string;
}

/** The subset of the REST Table resource we set (https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#Table). */
export interface BigQueryTableResource {
  tableReference: { projectId: string; datasetId: string; tableId: string };
  description: string;
  schema: { fields: BigQuerySchemaField[] };
  timePartitioning?: { type: 'DAY'; field: string };
  clustering?: { fields: string[] };
  requirePartitionFilter?: boolean;
}

/** The REST schema field for one column. */
export function bigQuerySchemaField(column: ColumnDef): BigQuerySchemaField {
  return {
    name: column.name,
    type: BIGQUERY_REST_TYPES[column.type],
    mode: column.required ? 'REQUIRED' : 'NULLABLE',
    description: column.description,
  };
}

/** The `tables.insert` body for `def` in `projectId.datasetId`. */
export function bigQueryTableResource(def: TableDef, projectId: string, datasetId: string): BigQueryTableResource {
  const resource: BigQueryTableResource = {
    tableReference: { projectId, datasetId, tableId: def.name },
    description: def.description,
    schema: { fields: def.columns.map(bigQuerySchemaField) },
  };
  if (def.partitionField !== undefined) {
    resource.timePartitioning = { type: 'DAY', field: def.partitionField };
    resource.requirePartitionFilter = def.requirePartitionFilter ?? false;
  }
  if (def.clustering !== undefined && def.clustering.length > 0) resource.clustering = { fields: [...def.clustering] };
  return resource;
}

/** `` `a.b.c` `` with every part backtick-quoted as one path. */
export function quoteBigQueryPath(...parts: string[]): string {
  return `\`${parts.join('.').replace(/`/g, '\\`')}\``;
}

/** A GoogleSQL string literal. */
export function quoteBigQueryString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** `CREATE TABLE IF NOT EXISTS` with PARTITION BY, CLUSTER BY and OPTIONS, equivalent to `bigQueryTableResource`. */
export function bigQueryCreateTable(def: TableDef, projectId: string, datasetId: string): string {
  const columns = def.columns.map(
    (column) =>
      `  ${quoteBigQueryPath(column.name)} ${column.type}${column.required ? ' NOT NULL' : ''} OPTIONS(description=${quoteBigQueryString(column.description)})`,
  );
  const parts = [
    `CREATE TABLE IF NOT EXISTS ${quoteBigQueryPath(projectId, datasetId, def.name)} (\n${columns.join(',\n')}\n)`,
  ];
  const partition =
    def.partitionField === undefined ? undefined : def.columns.find((column) => column.name === def.partitionField);
  if (partition !== undefined) {
    // A DATE column partitions by itself; a TIMESTAMP one by its UTC day.
    const field = quoteBigQueryPath(partition.name);
    parts.push(`PARTITION BY ${partition.type === 'DATE' ? field : `TIMESTAMP_TRUNC(${field}, DAY)`}`);
  }
  if (def.clustering !== undefined && def.clustering.length > 0)
    parts.push(`CLUSTER BY ${def.clustering.map((name) => quoteBigQueryPath(name)).join(', ')}`);
  const options = [`description=${quoteBigQueryString(def.description)}`];
  if (partition !== undefined)
    options.push(`require_partition_filter=${def.requirePartitionFilter ? 'TRUE' : 'FALSE'}`);
  parts.push(`OPTIONS(${options.join(', ')})`);
  return parts.join('\n');
}

/** `ALTER TABLE ... ADD COLUMN IF NOT EXISTS` for columns added to a definition later; always nullable. */
export function bigQueryAddColumns(tableRef: string, columns: readonly ColumnDef[]): string {
  const adds = columns.map(
    (column) =>
      `ADD COLUMN IF NOT EXISTS ${quoteBigQueryPath(column.name)} ${column.type} OPTIONS(description=${quoteBigQueryString(column.description)})`,
  );
  return `ALTER TABLE ${tableRef}\n  ${adds.join(',\n  ')}`;
}
