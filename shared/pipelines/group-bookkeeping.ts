/**
 * The run loop's bookkeeping for a whole commit group in few statements: the cursor history rows
 * (`pipeline_cursors`, one per landed slice, as cursor-store.ts writes them) and the finished-slice
 * marks (`backfill_slices`, as backfill-store.ts writes them), each as multi-row INSERTs. One
 * INSERT per slice cost a committed (fsynced) transaction each: ~2 x 2500 of them in a 500-ticker
 * backfill. Cursors are written before marks, so a mark never exists without its cursor.
 */
import { DUCKDB_TYPES } from '../warehouse/ddl/duckdb';
import { backfillSlices, pipelineCursors } from '../warehouse/pipeline-tables';
import type { TableDef, Warehouse, WarehouseRow } from '../warehouse/types';
import type { Slice } from './types';

/** Rows per INSERT statement (BigQuery caps a query's parameters; 100 x 9 columns stays far below). */
const ROWS_PER_STATEMENT = 100;

/** `INSERT INTO <ref> (<columns>) VALUES (...), (...)` with `@c<col>_<row>` parameters, and its params. Pure. */
export function insertRowsStatement(def: TableDef, kind: Warehouse['kind'], tableRef: string, rows: readonly WarehouseRow[]): { sql: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const tuples = rows.map((row, r) => {
    const values = def.columns.map((column, c) => {
      params[`c${c}_${r}`] = row[column.name] ?? null;
      return `CAST(@c${c}_${r} AS ${kind === 'duckdb' ? DUCKDB_TYPES[column.type] : column.type})`;
    });
    return `(${values.join(', ')})`;
  });
  return { sql: `INSERT INTO ${tableRef} (${def.columns.map((c) => c.name).join(', ')}) VALUES ${tuples.join(', ')}`, params };
}

async function insertRows(warehouse: Warehouse, def: TableDef, rows: readonly WarehouseRow[]): Promise<void> {
  const ref = warehouse.kind === 'duckdb' ? def.name : warehouse.tableRef(def.name);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const { sql, params } = insertRowsStatement(def, warehouse.kind, ref, rows.slice(i, i + ROWS_PER_STATEMENT));
    await warehouse.query(sql, params);
  }
}

/** Writes cursors and marks for groups of one run; its cursor timestamps strictly increase. */
export interface GroupBookkeeping<Cursor> {
  /** Appends one cursor history row per entry, in order. */
  cursors(entries: readonly { scope: string; cursor: Cursor }[]): Promise<void>;
  /** Marks the slices finished under `backfillId`. */
  done(backfillId: string, entries: readonly { slice: Slice<unknown>; recordsValid: number }[]): Promise<void>;
}

/** Bookkeeping of `pipeline` on `warehouse` for run `runId` (the tables must exist). */
export function createGroupBookkeeping<Cursor>(warehouse: Warehouse, pipeline: string, runId: string, now: () => Date): GroupBookkeeping<Cursor> {
  let lastMs = 0;
  const stamp = () => new Date((lastMs = Math.max(now().getTime(), lastMs + 1))).toISOString();
  return {
    async cursors(entries) {
      if (entries.length === 0) return;
      await insertRows(
        warehouse,
        pipelineCursors,
        entries.map(({ scope, cursor }) => ({ pipeline, scope, cursor: JSON.stringify(cursor), run_id: runId, updated_at: stamp() })),
      );
    },
    async done(backfillId, entries) {
      if (entries.length === 0) return;
      const finishedAt = now().toISOString();
      await insertRows(
        warehouse,
        backfillSlices,
        entries.map(({ slice, recordsValid }) => ({
          backfill_id: backfillId,
          slice_id: slice.id,
          pipeline,
          scope: slice.scope,
          from_date: slice.from ?? null,
          to_date: slice.to ?? null,
          run_id: runId,
          records_valid: recordsValid,
          finished_at: finishedAt,
        })),
      );
    },
  };
}
