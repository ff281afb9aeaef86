/**
 * Conversions between plain JS and @duckdb/node-api values: query parameters in, result rows out.
 */
import {
  BIGINT,
  BOOLEAN,
  DOUBLE,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListType,
  DuckDBListValue,
  DuckDBStructType,
  DuckDBStructValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  LIST,
  SQLNULL,
  TIMESTAMP,
  VARCHAR,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { StorageError } from '../../errors';
import { plainDecimal, plainInteger, plainTimestamp } from '../values';

/** One bound parameter: its value and the DuckDB type it is bound as. */
export interface DuckDbParam {
  value: DuckDBValue;
  type: DuckDBType;
}

/**
 * Binds a JS value the way BigQuery types the same value (bigquery/values.ts): integers as
 * BIGINT (INT64), other numbers as DOUBLE, strings as VARCHAR, Dates as TIMESTAMP (UTC), arrays as
 * LIST. A string meant as a DATE must be cast in SQL (`CAST(@d AS DATE)`), as on BigQuery.
 */
export function toDuckDbParam(name: string, value: unknown): DuckDbParam {
  if (value === null || value === undefined) return { value: null, type: SQLNULL };
  if (typeof value === 'string') return { value, type: VARCHAR };
  if (typeof value === 'boolean') return { value, type: BOOLEAN };
  if (typeof value === 'bigint') return { value, type: BIGINT };
  if (typeof value === 'number')
    return Number.isInteger(value) ? { value: BigInt(value), type: BIGINT } : { value, type: DOUBLE };
  if (value instanceof Date)
    return { value: new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n), type: TIMESTAMP };
  if (Array.isArray(value)) {
    const items = value.map((item) => toDuckDbParam(name, item));
    const itemType = items.find((item) => item.type !== SQLNULL)?.type ?? VARCHAR;
    return { value: new DuckDBListValue(items.map((item) => item.value)), type: LIST(itemType) };
  }
  throw new StorageError(`Query parameter '${name}' has an unsupported type (${typeof value})`, {
    retriable: false,
    context: { param: name },
  });
}

/** A result value as plain JS, following the `Warehouse.query` contract. */
export function fromDuckDbValue(value: DuckDBValue, type: DuckDBType): unknown {
  if (value === null) return null;
  if (type.alias === 'JSON' && typeof value === 'string') return JSON.parse(value);
  if (typeof value === 'bigint') return plainInteger(value);
  if (value instanceof DuckDBDecimalValue) return plainDecimal(value.toString());
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue)
    return plainTimestamp(Number(value.micros / 1000n));
  if (value instanceof DuckDBListValue) {
    const itemType = type instanceof DuckDBListType ? type.valueType : VARCHAR;
    return value.items.map((item) => fromDuckDbValue(item, itemType));
  }
  if (value instanceof DuckDBStructValue) {
    const struct = type instanceof DuckDBStructType ? type : undefined;
    return Object.fromEntries(
      Object.entries(value.entries).map(([key, item]) => [
        key,
        fromDuckDbValue(item, struct?.typeForEntry(key) ?? VARCHAR),
      ]),
    );
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
