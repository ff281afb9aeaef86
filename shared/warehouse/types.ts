/**
 * The warehouse contract: table definitions as plain data and the one interface that BigQuery and
 * DuckDB both implement. Pure types, no imports: cdktf reads this file beside tables.ts.
 */

/** Column types in BigQuery's standard SQL names; each backend maps them (ddl/duckdb.ts, ddl/bigquery.ts). */
export type ColumnType = 'STRING' | 'INT64' | 'FLOAT64' | 'NUMERIC' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'JSON';

/** One column. `required` maps to NOT NULL / mode REQUIRED; every natural-key column must be required. */
export interface ColumnDef {
  readonly name: string;
  readonly type: ColumnType;
  readonly required?: boolean;
  readonly description: string;
}

/**
 * One warehouse table. `key` is the natural key MERGE upserts on; `partitionField` names a DATE or
 * TIMESTAMP column partitioned by DAY; `clustering` lists at most 4 columns (BigQuery's limit);
 * `requirePartitionFilter` makes BigQuery reject queries that scan every partition.
 */
export interface TableDef {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnDef[];
  readonly key: readonly string[];
  readonly partitionField?: string;
  readonly clustering?: readonly string[];
  readonly requirePartitionFilter?: boolean;
}

/**
 * A row as callers pass it to `merge`: plain values keyed by column name. DATE as 'YYYY-MM-DD',
 * TIMESTAMP as an ISO-8601 string or a Date, INT64 as a safe integer number, bigint or decimal
 * string, NUMERIC as a number or decimal string, JSON as any JSON-serialisable value. A missing
 * column or `undefined` means NULL.
 */
export type WarehouseRow = Readonly<Record<string, unknown>>;

/** What a MERGE did: rows newly inserted and existing rows (matched on the key) overwritten. */
export interface MergeResult {
  readonly inserted: number;
  readonly updated: number;
}

/** DAY time partitioning on one column, as BigQuery reports it. */
export interface Partitioning {
  readonly type: 'DAY';
  readonly field: string;
}

/** A column as the backend reports it, in this module's type names. */
export interface ColumnMetadata {
  readonly name: string;
  readonly type: ColumnType;
  readonly required: boolean;
}

/**
 * What the backend says about one table. On BigQuery every field comes from the live table
 * resource (tables.get). DuckDB has no partitioning or clustering, so it reports the definition it
 * created the table from (kept in a catalog table) beside the live column list.
 */
export interface TableMetadata {
  readonly columns: readonly ColumnMetadata[];
  readonly partitioning: Partitioning | undefined;
  readonly clustering: readonly string[];
  readonly rowCount?: number;
}

/** Named query parameters, referenced as `@name` in SQL on both backends. */
export type QueryParams = Readonly<Record<string, unknown>>;

/**
 * One warehouse. Every method fails with a StorageError (shared/errors) whose `retriable` flag says
 * whether trying again can help; a bad batch (duplicate keys, missing key values, unknown table) is
 * terminal.
 */
export interface Warehouse {
  /** 'duckdb' or 'bigquery'. */
  readonly kind: 'duckdb' | 'bigquery';
  /** Where this warehouse lives (file path, or project.dataset at endpoint), for logs and test titles. */
  describe(): string;
  /**
   * `name` as a quoted, fully qualified table reference for SQL passed to `query` (DuckDB
   * `"prices_daily"`, BigQuery `` `project.dataset.prices_daily` ``), so one SQL text runs on both.
   */
  tableRef(name: string): string;
  /**
   * Creates each table that is missing and adds missing nullable columns to existing ones.
   * Idempotent; never drops or retypes a column.
   */
  ensureTables(defs: readonly TableDef[]): Promise<void>;
  /**
   * Upserts `rows` into `def.name` by `def.key`: a row whose key exists overwrites every non-key
   * column, any other row is inserted. Running the same batch twice leaves the same table. A batch
   * that holds one key twice is rejected (terminal StorageError naming the key) rather than
   * silently deduplicated, since its intended final value is ambiguous. An empty batch is a no-op.
   */
  merge(def: TableDef, rows: readonly WarehouseRow[]): Promise<MergeResult>;
  /**
   * Adds `rows` to `def.name` as new rows, with `merge`'s checks on the batch first (types,
   * required columns, one key twice) but no lookup of existing keys: for append-only tables whose
   * writer makes every key new, such as the cursor history and the finished backfill slices. (A key
   * already there is the caller's bug: DuckDB's primary key rejects it; BigQuery, which enforces no
   * keys, would keep both rows.) DuckDB adds the batch in one statement, all or nothing; BigQuery
   * in INSERT statements of 100 rows, each atomic. An empty batch is a no-op.
   */
  append(def: TableDef, rows: readonly WarehouseRow[]): Promise<void>;
  /**
   * Runs `sql` with `@name` parameters and returns plain JS rows: INT64 as number (string when
   * beyond Number.MAX_SAFE_INTEGER), FLOAT64 as number, NUMERIC as a decimal string, BOOL as
   * boolean, DATE as 'YYYY-MM-DD', TIMESTAMP as an ISO-8601 UTC string with millisecond precision,
   * JSON as the parsed value, NULL as null.
   */
  query<T = Record<string, unknown>>(sql: string, params?: QueryParams): Promise<T[]>;
  /** The live metadata of one table; a missing table is a terminal StorageError. */
  tableMetadata(name: string): Promise<TableMetadata>;
  /** Releases connections; further calls fail. Safe to call twice. */
  close(): Promise<void>;
}
