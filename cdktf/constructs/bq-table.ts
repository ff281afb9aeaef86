import { Construct } from 'constructs';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import type { ColumnType, TableDef } from '../../shared/warehouse/types';

/**
 * BigQuery's table resource speaks the legacy type names; sending the standard ones (INT64) makes
 * the API answer with INTEGER and every `terraform plan` show a spurious schema diff.
 */
const LEGACY_TYPE: Readonly<Record<ColumnType, string>> = {
  STRING: 'STRING',
  INT64: 'INTEGER',
  FLOAT64: 'FLOAT',
  NUMERIC: 'NUMERIC',
  BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

/** One column of a BigQuery table schema (the JSON the `schema` argument takes). */
export interface BigQueryField {
  readonly name: string;
  readonly type: string;
  readonly mode: 'REQUIRED' | 'NULLABLE';
  readonly description: string;
}

/** The BigQuery schema of a table definition, columns in declaration order. Pure. */
export function bigQuerySchema(def: TableDef): BigQueryField[] {
  return def.columns.map((column) => ({
    name: column.name,
    type: LEGACY_TYPE[column.type],
    mode: column.required ? 'REQUIRED' : 'NULLABLE',
    description: column.description,
  }));
}

/** Settings of one warehouse table. */
export interface BqTableProps {
  readonly def: TableDef;
  readonly datasetId: string;
  readonly deletionProtection: boolean;
}

/**
 * One warehouse table from its shared definition: schema and description, DAY time partitioning
 * on `partitionField`, `clustering` as declared, `require_partition_filter` when the definition
 * asks for it. Nothing here is invented: change the definition, not this construct.
 */
export class BqTable extends Construct {
  readonly table: BigqueryTable;

  constructor(scope: Construct, id: string, props: BqTableProps) {
    super(scope, id);
    const { def } = props;
    const clustering = def.clustering ?? [];
    this.table = new BigqueryTable(this, 'table', {
      datasetId: props.datasetId,
      tableId: def.name,
      description: def.description,
      schema: JSON.stringify(bigQuerySchema(def)),
      timePartitioning: def.partitionField === undefined ? undefined : { type: 'DAY', field: def.partitionField },
      requirePartitionFilter: def.partitionField === undefined ? undefined : def.requirePartitionFilter === true,
      clustering: clustering.length > 0 ? [...clustering] : undefined,
      deletionProtection: props.deletionProtection,
      labels: { app: 'market-data' },
    });
  }
}
