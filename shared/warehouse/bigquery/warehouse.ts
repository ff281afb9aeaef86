/**
 * The cloud warehouse: one BigQuery dataset. Tables are created with DAY time partitioning on the
 * declared field, the declared clustering and descriptions (ddl/bigquery.ts); MERGE loads the batch
 * into a staging table with a load job, applies one MERGE statement, and drops the staging table
 * whatever happened. Writes to one table are serialized inside the instance, since BigQuery aborts
 * concurrent DML on a table.
 */
import { randomUUID } from 'node:crypto';
import { BigQuery } from '@google-cloud/bigquery';
import { StorageError } from '../../errors';
import type { Logger } from '../../log/types';
import { prepareBatch } from '../batch';
import { bigQueryAddColumns, bigQueryTableResource, quoteBigQueryPath } from '../ddl/bigquery';
import { rewriteNamedParams } from '../named-params';
import { SerialQueue } from '../serial-queue';
import { assertValidTableDef } from '../table-def';
import type {
  ColumnMetadata,
  ColumnType,
  MergeResult,
  QueryParams,
  TableDef,
  TableMetadata,
  Warehouse,
  WarehouseRow,
} from '../types';
import { bigQueryError } from './errors';
import { insertRowsStatement, ROWS_PER_INSERT } from './insert-rows';
import { loadNdjson } from './load';
import { matchedCountSql, mergeSql, partitionRange, stagingFields, toNdjson } from './sql';
import { fromBigQueryRow, toBigQueryParams, type ResultField } from './values';

/** Options of `createBigQueryWarehouse`. */
export interface BigQueryWarehouseOptions {
  projectId: string;
  dataset: string;
  /** Dataset and job location, e.g. 'EU' or 'europe-west1'. */
  location: string;
  /** REST endpoint, e.g. the emulator's http://127.0.0.1:9050; the library default when omitted. */
  apiEndpoint?: string;
  /** A ready client (tests, shared auth); otherwise one is built from projectId and apiEndpoint. */
  bigquery?: BigQuery;
  logger?: Logger;
}

/** Staging tables expire on their own if a process dies before dropping them. */
const STAGING_TTL_MS = 6 * 60 * 60 * 1000;

const COLUMN_TYPES: Readonly<Record<string, ColumnType>> = {
  STRING: 'STRING',
  INTEGER: 'INT64',
  INT64: 'INT64',
  FLOAT: 'FLOAT64',
  FLOAT64: 'FLOAT64',
  NUMERIC: 'NUMERIC',
  BOOLEAN: 'BOOL',
  BOOL: 'BOOL',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  JSON: 'JSON',
};

interface TableResource {
  schema?: { fields?: { name: string; type?: string; mode?: string }[] };
  timePartitioning?: { type?: string; field?: string };
  clustering?: { fields?: string[] };
  numRows?: string | number;
}

/** Builds the warehouse; no request is made until the first call. */
export async function createBigQueryWarehouse(options: BigQueryWarehouseOptions): Promise<Warehouse> {
  const bigquery =
    options.bigquery ??
    new BigQuery({
      projectId: options.projectId,
      location: options.location,
      ...(options.apiEndpoint === undefined ? {} : { apiEndpoint: options.apiEndpoint }),
    });
  return new BigQueryWarehouse(options, bigquery);
}

class BigQueryWarehouse implements Warehouse {
  readonly kind = 'bigquery' as const;
  private readonly writeQueues = new Map<string, SerialQueue>();
  private closed = false;

  constructor(
    private readonly options: BigQueryWarehouseOptions,
    private readonly bigquery: BigQuery,
  ) {}

  describe(): string {
    return `bigquery:${this.options.projectId}.${this.options.dataset} at ${this.options.apiEndpoint ?? 'https://bigquery.googleapis.com'}`;
  }

  tableRef(name: string): string {
    return quoteBigQueryPath(this.options.projectId, this.options.dataset, name);
  }

  async ensureTables(defs: readonly TableDef[]): Promise<void> {
    defs.forEach(assertValidTableDef);
    await this.guard('ensureTables', {}, async () => {
      const dataset = this.bigquery.dataset(this.options.dataset, {
        projectId: this.options.projectId,
        location: this.options.location,
      });
      const [datasetExists] = await dataset.exists();
      if (!datasetExists) await ignoreAlreadyExists(dataset.create({ location: this.options.location }));
      for (const def of defs) {
        const table = dataset.table(def.name);
        const [exists] = await table.exists();
        if (!exists) {
          const { tableReference: _ref, ...resource } = bigQueryTableResource(
            def,
            this.options.projectId,
            this.options.dataset,
          );
          await ignoreAlreadyExists(dataset.createTable(def.name, resource));
          continue;
        }
        const [metadata] = (await table.getMetadata()) as [TableResource, unknown];
        const fields = metadata.schema?.fields ?? [];
        const missing = def.columns.filter((column) => !fields.some((field) => field.name === column.name));
        if (missing.length > 0) {
          // Only nullable columns can be added to a table that has rows. Verified afterwards:
          // bigquery-emulator v0.8.1 runs ALTER TABLE as a no-op (googlesqlite NoopStmtAction) and
          // tables.patch changes only its reported schema, not the table, so there we fail loudly
          // rather than report a column that queries cannot see.
          await this.runDml(bigQueryAddColumns(this.tableRef(def.name), missing));
          const [after] = (await table.getMetadata()) as [TableResource, unknown];
          const absent = missing.filter(
            (column) => !(after.schema?.fields ?? []).some((field) => field.name === column.name),
          );
          if (absent.length > 0) {
            throw new StorageError(
              `BigQuery did not add columns ${absent.map((c) => c.name).join(', ')} to ${def.name} (ALTER TABLE ADD COLUMN had no effect)`,
              {
                retriable: false,
                context: { table: def.name, columns: absent.map((c) => c.name) },
              },
            );
          }
          this.options.logger?.info('warehouse columns added', {
            backend: 'bigquery',
            table: def.name,
            columns: missing.map((c) => c.name),
          });
        }
      }
    });
  }

  async merge(def: TableDef, rows: readonly WarehouseRow[]): Promise<MergeResult> {
    const batch = prepareBatch(def, rows);
    if (batch.rows.length === 0) return { inserted: 0, updated: 0 };
    const queue = this.writeQueues.get(def.name) ?? new SerialQueue();
    this.writeQueues.set(def.name, queue);
    return queue.run(() =>
      this.guard('merge', { table: def.name, rows: batch.rows.length }, async () => {
        const started = Date.now();
        const dataset = this.bigquery.dataset(this.options.dataset, {
          projectId: this.options.projectId,
          location: this.options.location,
        });
        const stagingId = `_staging_${def.name}_${randomUUID().replace(/-/g, '')}`;
        const fields = stagingFields(def);
        await dataset.createTable(stagingId, {
          schema: { fields },
          expirationTime: String(Date.now() + STAGING_TTL_MS),
        });
        try {
          await loadNdjson(this.bigquery, {
            projectId: this.options.projectId,
            datasetId: this.options.dataset,
            tableId: stagingId,
            location: this.options.location,
            fields,
            ndjson: toNdjson(batch),
          });
          const target = this.tableRef(def.name);
          const staging = this.tableRef(stagingId);
          const range = partitionRange(def, batch, 'T');
          const [count] = await this.runQuery<{ matched: number }>(matchedCountSql(def, target, staging, range));
          const dml = await this.runDml(mergeSql(def, target, staging, range));
          const matched = count?.matched ?? 0;
          // Real BigQuery reports dmlStats for the MERGE itself; the emulator does not (its job says statementType SELECT).
          const result =
            dml === undefined
              ? { inserted: batch.rows.length - matched, updated: matched }
              : { inserted: dml.inserted - dml.deleted, updated: dml.deleted };
          this.options.logger?.debug('warehouse merge', {
            backend: 'bigquery',
            table: def.name,
            rows: batch.rows.length,
            ...result,
            ms: Date.now() - started,
          });
          return result;
        } finally {
          await dataset
            .table(stagingId)
            .delete({ ignoreNotFound: true })
            .catch((error: unknown) =>
              this.options.logger?.warn('staging table not dropped; it expires on its own', {
                table: stagingId,
                error: String(error),
              }),
            );
        }
      }),
    );
  }

  async append(def: TableDef, rows: readonly WarehouseRow[]): Promise<void> {
    // merge's checks, on the whole batch before the first statement: a bad row adds nothing.
    prepareBatch(def, rows);
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const { sql, params } = insertRowsStatement(def, this.tableRef(def.name), rows.slice(i, i + ROWS_PER_INSERT));
      await this.query(sql, params);
    }
  }

  async query<T = Record<string, unknown>>(sql: string, params: QueryParams = {}): Promise<T[]> {
    const { names } = rewriteNamedParams(sql, (name) => `@${name}`);
    const used: Record<string, unknown> = {};
    for (const name of names) {
      if (!(name in params))
        throw new StorageError(`Query parameter @${name} has no value`, { retriable: false, context: { param: name } });
      used[name] = params[name];
    }
    return this.guard('query', {}, () => this.runQuery<T>(sql, used));
  }

  async tableMetadata(name: string): Promise<TableMetadata> {
    return this.guard('tableMetadata', { table: name }, async () => {
      const table = this.bigquery.dataset(this.options.dataset, { projectId: this.options.projectId }).table(name);
      const [exists] = await table.exists();
      if (!exists)
        throw new StorageError(`Table ${name} does not exist in ${this.describe()}`, {
          retriable: false,
          context: { table: name },
        });
      const [metadata] = (await table.getMetadata()) as [TableResource, unknown];
      const columns: ColumnMetadata[] = (metadata.schema?.fields ?? []).map((field) => ({
        name: field.name,
        type: COLUMN_TYPES[field.type ?? 'STRING'] ?? 'STRING',
        required: field.mode === 'REQUIRED',
      }));
      const partitioning = metadata.timePartitioning;
      return {
        columns,
        partitioning:
          partitioning?.type === 'DAY' && partitioning.field !== undefined
            ? { type: 'DAY', field: partitioning.field }
            : undefined,
        clustering: metadata.clustering?.fields ?? [],
        ...(metadata.numRows === undefined ? {} : { rowCount: Number(metadata.numRows) }),
      };
    });
  }

  async close(): Promise<void> {
    // The client holds no connections beyond keep-alive sockets; later calls are refused.
    this.closed = true;
  }

  private async runQuery<T>(sql: string, params: Record<string, unknown> = {}): Promise<T[]> {
    const typed = toBigQueryParams(params);
    const [job] = await this.bigquery.createQueryJob({
      query: sql,
      location: this.options.location,
      defaultDataset: { projectId: this.options.projectId, datasetId: this.options.dataset },
      ...(Object.keys(params).length === 0 ? {} : { params: typed.params, types: typed.types }),
    });
    const [rows, , response] = await job.getQueryResults({ wrapIntegers: true });
    const fields = ((response as { schema?: { fields?: ResultField[] } } | undefined)?.schema?.fields ??
      []) as ResultField[];
    return (rows as Record<string, unknown>[]).map((row) => fromBigQueryRow(row, fields) as T);
  }

  private async runDml(sql: string): Promise<{ inserted: number; deleted: number } | undefined> {
    const [job] = await this.bigquery.createQueryJob({ query: sql, location: this.options.location });
    await job.promise();
    const [metadata] = await job.getMetadata();
    const stats = (
      metadata as { statistics?: { query?: { dmlStats?: { insertedRowCount?: string; deletedRowCount?: string } } } }
    ).statistics?.query?.dmlStats;
    if (stats === undefined) return undefined;
    return { inserted: Number(stats.insertedRowCount ?? 0), deleted: Number(stats.deletedRowCount ?? 0) };
  }

  private async guard<T>(operation: string, context: Record<string, unknown>, work: () => Promise<T>): Promise<T> {
    if (this.closed) throw new StorageError(`BigQuery warehouse ${this.describe()} is closed`, { retriable: false });
    try {
      return await work();
    } catch (error) {
      throw bigQueryError(operation, error, { dataset: this.options.dataset, ...context });
    }
  }
}

/** Another writer creating the same dataset or table first is fine. */
async function ignoreAlreadyExists(creation: Promise<unknown>): Promise<void> {
  try {
    await creation;
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
}
