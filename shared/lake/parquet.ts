/**
 * Parquet files for the lake's `clean/` layer, written by hyparquet-writer (pure JS: no native
 * module, so a function's cold start stays light). The column type names are the warehouse's
 * (shared/warehouse/tables.ts) so a table definition's columns can be passed straight in.
 *
 * Type mapping (all columns OPTIONAL, so null/undefined is allowed everywhere):
 *   STRING    string                         -> BYTE_ARRAY (STRING/UTF8)
 *   INT64     safe integer number | bigint   -> INT64
 *   FLOAT64   finite number                  -> DOUBLE
 *   BOOL      boolean                        -> BOOLEAN
 *   DATE      'YYYY-MM-DD' | Date (UTC day)  -> INT32 (DATE)
 *   TIMESTAMP Date | ISO-8601 string with zone | epoch ms number -> INT64 (TIMESTAMP, UTC, MICROS)
 *   JSON      any JSON-serialisable value (always JSON.stringify'd, so a string becomes a JSON string)
 *             -> BYTE_ARRAY (JSON)
 * TIMESTAMP is stored in microseconds with isAdjustedToUTC=true, which BigQuery loads as TIMESTAMP
 * and DuckDB reads as TIMESTAMP WITH TIME ZONE; JS Dates carry milliseconds, so sub-ms digits are zero.
 */
import { parquetWriteBuffer, type SchemaElement } from 'hyparquet-writer';

/** Column types, spelled as the warehouse table definitions spell them. */
export type ColumnType = 'STRING' | 'INT64' | 'FLOAT64' | 'BOOL' | 'DATE' | 'TIMESTAMP' | 'JSON';

/** One column of a Parquet file; extra fields (e.g. a warehouse column's `mode`) are ignored. */
export interface ParquetColumn {
  name: string;
  type: ColumnType;
}

/** A row: column name -> value; missing keys are null. */
export type ParquetRow = Readonly<Record<string, unknown>>;

const DAY_MS = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
// A zone is required so a timestamp never silently takes the machine's local time.
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

type Convert = (value: unknown) => unknown;

/**
 * Timestamp texts already converted, across files. A page's rows share one ingestion time, and a
 * partition day's file holds a row from each of hundreds of pages, so the same few thousand texts
 * recur in every file of a group: parsing each once saves a Date.parse and a BigInt per row.
 * Bounded (pure: a text always gives the same instant).
 */
const RECENT_MICROS = new Map<string, bigint>();
const RECENT_MICROS_MAX = 8192;

function bad(column: string, type: ColumnType, value: unknown, expected: string): never {
  const shown = typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : String(value);
  throw new TypeError(`parquet column ${column} (${type}): expected ${expected}, got ${typeof value} ${shown}`);
}

function toDays(column: string, value: unknown): number {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return Math.floor(value.getTime() / DAY_MS);
  if (typeof value === 'string' && DAY.test(value)) {
    const ms = Date.parse(`${value}T00:00:00Z`);
    if (!Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value)) return ms / DAY_MS;
  }
  return bad(column, 'DATE', value, "a 'YYYY-MM-DD' string or a valid Date");
}

function toMicros(column: string, value: unknown): bigint {
  let ms = NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === 'number' && Number.isFinite(value)) ms = value;
  else if (typeof value === 'string' && ISO_WITH_ZONE.test(value)) ms = Date.parse(value);
  if (Number.isNaN(ms))
    return bad(column, 'TIMESTAMP', value, 'a Date, epoch milliseconds, or an ISO-8601 string with a zone');
  return BigInt(Math.round(ms * 1000));
}

const schemaOf: Record<ColumnType, Omit<SchemaElement, 'name'>> = {
  STRING: { type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' } },
  INT64: { type: 'INT64' },
  FLOAT64: { type: 'DOUBLE' },
  BOOL: { type: 'BOOLEAN' },
  DATE: { type: 'INT32', converted_type: 'DATE', logical_type: { type: 'DATE' } },
  TIMESTAMP: {
    type: 'INT64',
    converted_type: 'TIMESTAMP_MICROS',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
  },
  JSON: { type: 'BYTE_ARRAY', converted_type: 'JSON', logical_type: { type: 'JSON' } },
};

/**
 * Prices and other measurements rarely repeat, so a dictionary attempt on a DOUBLE column is wasted
 * work, and min/max statistics of a double prune nothing a query filters on (dates and tickers do):
 * both are skipped for FLOAT64, which makes small files (one partition day of a group) markedly
 * cheaper to encode. Readers see plain-encoded doubles, as most writers produce them.
 */
const FLOAT_ENCODING = { encoding: 'PLAIN', statistics: false } as const;

function converter(column: string, type: ColumnType): Convert {
  switch (type) {
    case 'STRING':
      return (v) => (typeof v === 'string' ? v : bad(column, type, v, 'a string'));
    case 'INT64':
      return (v) => {
        if (typeof v === 'bigint') return v;
        if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
        return bad(column, type, v, 'a safe integer or a bigint');
      };
    case 'FLOAT64':
      return (v) => (typeof v === 'number' && Number.isFinite(v) ? v : bad(column, type, v, 'a finite number'));
    case 'BOOL':
      return (v) => (typeof v === 'boolean' ? v : bad(column, type, v, 'a boolean'));
    case 'DATE': {
      // A file's rows share few days (a partition holds one): parse each distinct text once.
      const days = new Map<string, number>();
      return (v) => {
        if (typeof v !== 'string') return toDays(column, v);
        let day = days.get(v);
        if (day === undefined) days.set(v, (day = toDays(column, v)));
        return day;
      };
    }
    case 'TIMESTAMP':
      return (v) => {
        if (typeof v !== 'string') return toMicros(column, v);
        let micros = RECENT_MICROS.get(v);
        if (micros === undefined) {
          micros = toMicros(column, v);
          if (RECENT_MICROS.size >= RECENT_MICROS_MAX) RECENT_MICROS.clear();
          RECENT_MICROS.set(v, micros);
        }
        return micros;
      };
    case 'JSON':
      // hyparquet-writer stringifies JSON columns itself; we only check the value survives it.
      return (v) => (JSON.stringify(v) === undefined ? bad(column, type, v, 'a JSON-serialisable value') : v);
  }
}

/**
 * Encodes `rows` as one Parquet file (SNAPPY-compressed) with exactly `columns`, in that order.
 * Throws TypeError (terminal) naming the column and row when a value does not fit its type, when
 * a row has a key that is not a column (so a schema drift is caught, not silently dropped), or
 * when a column name repeats. Zero rows give a valid, empty file with the full schema.
 */
export function encodeParquet(rows: readonly ParquetRow[], columns: readonly ParquetColumn[]): Buffer {
  const names = new Set(columns.map((c) => c.name));
  if (names.size !== columns.length) throw new TypeError('parquet columns must have unique names');
  if (columns.length === 0) throw new TypeError('parquet needs at least one column');
  const data = columns.map(() => new Array<unknown>(rows.length));
  const converters = columns.map((c) => {
    if (!(c.type in schemaOf)) throw new TypeError(`parquet column ${c.name}: unknown type ${String(c.type)}`);
    return converter(c.name, c.type);
  });
  const columnNames = columns.map((c) => c.name);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    for (const key in row) {
      if (Object.prototype.hasOwnProperty.call(row, key) && !names.has(key))
        throw new TypeError(`parquet row ${r}: key ${JSON.stringify(key)} is not one of the columns`);
    }
    for (let c = 0; c < columnNames.length; c++) {
      const value = row[columnNames[c]!];
      try {
        data[c]![r] = value === null || value === undefined ? null : converters[c]!(value);
      } catch (error) {
        throw error instanceof TypeError ? new TypeError(`${error.message} (row ${r})`) : error;
      }
    }
  }
  const schema: SchemaElement[] = [
    { name: 'root', num_children: columns.length },
    ...columns.map((c) => ({ name: c.name, repetition_type: 'OPTIONAL' as const, ...schemaOf[c.type] })),
  ];
  const arrayBuffer = parquetWriteBuffer({
    columnData: columns.map((c, i) => ({
      name: c.name,
      data: data[i]! as never,
      ...(c.type === 'FLOAT64' ? FLOAT_ENCODING : {}),
    })),
    schema,
  });
  return Buffer.from(arrayBuffer);
}
