import { StorageError } from '../errors';
import type { ColumnDef, TableDef } from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** BigQuery allows at most four clustering columns (https://cloud.google.com/bigquery/docs/clustered-tables). */
export const MAX_CLUSTERING_FIELDS = 4;

/**
 * Checks that a table definition can be created on both backends: identifier-safe names, key
 * columns that exist and are required, a DATE/TIMESTAMP partition field, at most four clustering
 * columns. Throws a terminal StorageError listing every problem; returns `def` unchanged.
 */
export function assertValidTableDef(def: TableDef): TableDef {
  const problems: string[] = [];
  const byName = new Map<string, ColumnDef>();
  if (!IDENTIFIER.test(def.name)) problems.push(`table name '${def.name}' is not a plain identifier`);
  for (const column of def.columns) {
    if (!IDENTIFIER.test(column.name)) problems.push(`column name '${column.name}' is not a plain identifier`);
    if (byName.has(column.name)) problems.push(`column '${column.name}' is declared twice`);
    byName.set(column.name, column);
  }
  if (def.key.length === 0) problems.push('key is empty');
  for (const name of def.key) {
    const column = byName.get(name);
    if (!column) problems.push(`key column '${name}' is not declared`);
    else if (!column.required) problems.push(`key column '${name}' must be required`);
  }
  if (def.partitionField !== undefined) {
    const column = byName.get(def.partitionField);
    if (!column) problems.push(`partition field '${def.partitionField}' is not declared`);
    else if (column.type !== 'DATE' && column.type !== 'TIMESTAMP')
      problems.push(`partition field '${def.partitionField}' must be DATE or TIMESTAMP, not ${column.type}`);
  }
  const clustering = def.clustering ?? [];
  if (clustering.length > MAX_CLUSTERING_FIELDS)
    problems.push(`at most ${MAX_CLUSTERING_FIELDS} clustering fields, got ${clustering.length}`);
  for (const name of clustering) if (!byName.has(name)) problems.push(`clustering field '${name}' is not declared`);
  if (def.requirePartitionFilter && def.partitionField === undefined)
    problems.push('requirePartitionFilter needs a partitionField');
  // MERGE filters the target by the batch's range of the partition field, which is only exact when that field is part of the key.
  else if (def.requirePartitionFilter && !def.key.includes(def.partitionField!))
    problems.push('requirePartitionFilter needs the partition field in the key');
  if (problems.length > 0) {
    throw new StorageError(`Invalid table definition '${def.name}': ${problems.join('; ')}`, {
      retriable: false,
      context: { table: def.name, problems },
    });
  }
  return def;
}

/** The columns of `def` that are not part of its natural key, in declaration order. */
export function nonKeyColumns(def: TableDef): readonly ColumnDef[] {
  return def.columns.filter((column) => !def.key.includes(column.name));
}
