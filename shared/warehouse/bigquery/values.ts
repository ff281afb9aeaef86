/**
 * Conversions between plain JS and @google-cloud/bigquery values: query parameters in, result
 * rows out (driven by the result schema, so DuckDB and BigQuery return the same JS).
 */
import { BigQuery } from '@google-cloud/bigquery';
import { StorageError } from '../../errors';
import { plainDecimal, plainInteger, plainTimestamp } from '../values';

/** Named parameters and their declared types, as `createQueryJob` takes them. */
export interface BigQueryParams {
  params: Record<string, unknown>;
  types: Record<string, string | string[]>;
}

function scalarParam(name: string, value: unknown): { value: unknown; type: string } {
  // Every scalar goes as text with an explicit type: the emulator rejects JSON numbers and
  // booleans in QueryParameterValue.value ("cannot unmarshal number into ... of type string"),
  // and text is what the REST API documents for real BigQuery as well.
  if (value === null || value === undefined) return { value: null, type: 'STRING' };
  if (typeof value === 'string') return { value, type: 'STRING' };
  if (typeof value === 'boolean') return { value: String(value), type: 'BOOL' };
  if (typeof value === 'bigint') return { value: value.toString(), type: 'INT64' };
  if (typeof value === 'number') return { value: String(value), type: Number.isInteger(value) ? 'INT64' : 'FLOAT64' };
  if (value instanceof Date) return { value: BigQuery.timestamp(value), type: 'TIMESTAMP' };
  throw new StorageError(`Query parameter '${name}' has an unsupported type (${typeof value})`, {
    retriable: false,
    context: { param: name },
  });
}

/** Types JS values as DuckDB does (duckdb/values.ts): integer -> INT64, other number -> FLOAT64, Date -> TIMESTAMP, array -> ARRAY. */
export function toBigQueryParams(values: Readonly<Record<string, unknown>>): BigQueryParams {
  const params: Record<string, unknown> = {};
  const types: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(values)) {
    if (Array.isArray(value)) {
      const items = value.map((item) => scalarParam(name, item));
      params[name] = items.map((item) => item.value);
      types[name] = [items.find((item) => item.value !== null)?.type ?? 'STRING'];
    } else {
      const param = scalarParam(name, value);
      params[name] = param.value;
      types[name] = param.type;
    }
  }
  return { params, types };
}

/** A field of a query result schema. */
export interface ResultField {
  name: string;
  type?: string;
  mode?: string;
  fields?: ResultField[];
}

function textOf(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'value' in value)
    return String((value as { value: unknown }).value);
  return String(value);
}

function fromScalar(value: unknown, type: string): unknown {
  switch (type) {
    case 'INTEGER':
    case 'INT64':
      return plainInteger(textOf(value));
    case 'FLOAT':
    case 'FLOAT64':
      return typeof value === 'number' ? value : Number(textOf(value));
    case 'NUMERIC':
    case 'BIGNUMERIC': {
      // Big.js instances print exponent notation for small values; toFixed() never does.
      const big = value as { toFixed?: () => string };
      return plainDecimal(typeof big.toFixed === 'function' ? big.toFixed() : textOf(value));
    }
    case 'BOOLEAN':
    case 'BOOL':
      return typeof value === 'boolean' ? value : textOf(value) === 'true';
    case 'TIMESTAMP':
      return plainTimestamp(Date.parse(textOf(value)));
    case 'JSON':
      return typeof value === 'string' ? JSON.parse(value) : value;
    case 'DATE':
    case 'DATETIME':
    case 'TIME':
    default:
      return typeof value === 'object' && value !== null && 'value' in value ? textOf(value) : value;
  }
}

/** One result value as plain JS, following the `Warehouse.query` contract. */
export function fromBigQueryValue(value: unknown, field: ResultField): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === 'REPEATED')
    return (value as unknown[]).map((item) => fromBigQueryValue(item, { ...field, mode: 'NULLABLE' }));
  if (field.type === 'RECORD' || field.type === 'STRUCT')
    return fromBigQueryRow(value as Record<string, unknown>, field.fields ?? []);
  return fromScalar(value, field.type ?? 'STRING');
}

/** One result row as plain JS. */
export function fromBigQueryRow(
  row: Readonly<Record<string, unknown>>,
  fields: readonly ResultField[],
): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, fromBigQueryValue(row[field.name], field)]));
}
