import { StorageError } from '../errors';
import type { ColumnDef, ColumnType, TableDef, WarehouseRow } from './types';

/**
 * A value in the one canonical form both backends load: STRING, INT64 and NUMERIC as strings
 * (exact, whatever their size), FLOAT64 as a finite number, BOOL as boolean, DATE as
 * 'YYYY-MM-DD', TIMESTAMP as an ISO-8601 UTC string (millisecond precision), JSON as its JSON text.
 */
export type CanonicalValue = string | number | boolean | null;

/** A batch ready to load: one array per row, values in `def.columns` order. */
export interface PreparedBatch {
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly (readonly CanonicalValue[])[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INTEGER = /^-?\d+$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

class BadValue extends Error {}

/** The last TIMESTAMP string one batch converted, and its canonical form. */
interface TimestampMemo {
  text: string | undefined;
  iso: string;
}

function toCanonical(type: ColumnType, value: unknown, lastTimestamp: TimestampMemo): CanonicalValue {
  switch (type) {
    case 'STRING':
      if (typeof value === 'string') return value;
      throw new BadValue('expected a string');
    case 'INT64': {
      // A safe integer is always within INT64: no BigInt round trip on the hot path (volumes).
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
      const text =
        typeof value === 'number' && Number.isSafeInteger(value)
          ? String(value)
          : typeof value === 'bigint'
            ? value.toString()
            : value;
      if (typeof text === 'string' && INTEGER.test(text) && BigInt(text) >= INT64_MIN && BigInt(text) <= INT64_MAX)
        return text;
      throw new BadValue('expected a safe integer, a bigint or an integer string within INT64');
    }
    case 'FLOAT64':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new BadValue('expected a finite number');
    case 'NUMERIC': {
      const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
      if (typeof text === 'string' && DECIMAL.test(text)) return text;
      throw new BadValue('expected a finite number or a decimal string');
    }
    case 'BOOL':
      if (typeof value === 'boolean') return value;
      throw new BadValue('expected a boolean');
    case 'DATE':
      if (typeof value === 'string' && DATE.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)))
        return value;
      throw new BadValue("expected a 'YYYY-MM-DD' string");
    case 'TIMESTAMP': {
      // A batch's rows mostly share one stamp (ingested_at): reuse the last string's conversion.
      if (typeof value === 'string' && value === lastTimestamp.text) return lastTimestamp.iso;
      const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : Number.NaN;
      if (Number.isNaN(ms)) throw new BadValue('expected a Date or an ISO-8601 string');
      const iso = new Date(ms).toISOString();
      if (typeof value === 'string') {
        lastTimestamp.text = value;
        lastTimestamp.iso = iso;
      }
      return iso;
    }
    case 'JSON': {
      const text = JSON.stringify(value);
      if (typeof text === 'string') return text;
      throw new BadValue('expected a JSON-serialisable value');
    }
  }
}

function reject(def: TableDef, message: string, context: Record<string, unknown>): never {
  throw new StorageError(`MERGE into ${def.name} rejected: ${message}`, {
    retriable: false,
    context: { table: def.name, ...context },
  });
}

/**
 * Converts `rows` to canonical values and checks them against `def`, so both backends accept and
 * reject exactly the same batches. Terminal StorageError (never retriable: the same batch would
 * fail again) on: a column `def` does not declare, a value of the wrong type, NULL in a required
 * column, or two rows with the same natural key (we reject rather than keep the last one, since
 * an upstream bug that emits a key twice should be seen, not hidden).
 */
export function prepareBatch(def: TableDef, rows: readonly WarehouseRow[]): PreparedBatch {
  const declared = new Set(def.columns.map((column) => column.name));
  const keyIndexes = def.key.map((name) => def.columns.findIndex((column) => column.name === name));
  const seen = new Map<string, number>();
  const lastTimestamp: TimestampMemo = { text: undefined, iso: '' };
  const prepared = rows.map((row, rowIndex) => {
    for (const name of Object.keys(row)) {
      if (!declared.has(name))
        reject(def, `row ${rowIndex} has column '${name}' that the table does not declare`, { rowIndex, column: name });
    }
    const values = def.columns.map((column) => {
      const raw = row[column.name];
      if (raw === null || raw === undefined) {
        if (column.required)
          reject(def, `row ${rowIndex} has no value for required column '${column.name}'`, {
            rowIndex,
            column: column.name,
          });
        return null;
      }
      try {
        return toCanonical(column.type, raw, lastTimestamp);
      } catch (error) {
        if (!(error instanceof BadValue)) throw error;
        return reject(
          def,
          `row ${rowIndex} column '${column.name}' (${column.type}): ${error.message}, got ${JSON.stringify(raw)?.slice(0, 80)}`,
          { rowIndex, column: column.name },
        );
      }
    });
    // A key column holds one type, so its canonical values, each prefixed by its length (null as
    // '-'), identify the key unambiguously as JSON.stringify would, without an array and a JSON
    // text per row.
    let key = '';
    for (const index of keyIndexes) {
      const value = values[index];
      if (value === null) {
        key += '-;';
      } else {
        const text = String(value);
        key += `${text.length}:${text};`;
      }
    }
    const first = seen.get(key);
    if (first !== undefined) {
      const shown = JSON.stringify(keyIndexes.map((index) => values[index]));
      reject(def, `rows ${first} and ${rowIndex} share the natural key (${def.key.join(', ')}) = ${shown}`, {
        key: shown,
        rows: [first, rowIndex],
      });
    }
    seen.set(key, rowIndex);
    return values;
  });
  return { columns: def.columns, rows: prepared };
}
