/**
 * The one way the dashboard reads: a parameterised query whose SQL text is fixed by the code
 * (user input only ever travels as `@name` parameters). A table that does not exist yet (a
 * pipeline that never ran on a fresh DuckDB file) reads as no rows instead of an error.
 */
import type { QueryParams, Warehouse } from '../../warehouse/types';

// DuckDB: "Catalog Error: Table with name news does not exist!"; BigQuery: "Not found: Table p:d.news".
const MISSING_TABLE = /Table with name \S+ does not exist|Not found: Table/i;

/** True when `error` says a queried table is missing (on either backend). */
export function isMissingTable(error: unknown): boolean {
  return error instanceof Error && MISSING_TABLE.test(error.message);
}

/**
 * Runs `sql` with `params`; [] when a table it reads is missing. Any other failure propagates as
 * the warehouse's StorageError (retriable or not).
 */
export async function readRows<T>(warehouse: Warehouse, sql: string, params: QueryParams = {}): Promise<T[]> {
  try {
    return await warehouse.query<T>(sql, params);
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}
