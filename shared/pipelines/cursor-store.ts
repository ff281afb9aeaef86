/**
 * Cursors next to the data, in `pipeline_cursors`: an append-only history, one row each time a
 * slice lands; the cursor of a (pipeline, scope) is its latest row. Appending is one atomic
 * statement on both backends, and the history shows how every cursor moved.
 */
import { StorageError } from '../errors';
import { pipelineCursors } from '../warehouse/pipeline-tables';
import type { Warehouse } from '../warehouse/types';
import { insertRows } from './insert-row';

/** Reads and advances the cursors of one pipeline. */
export interface CursorStore<Cursor> {
  /** The latest stored cursor of every scope of the pipeline. */
  load(): Promise<Map<string, Cursor>>;
  /** Stores each entry's cursor as its scope's latest, in order, in few statements. */
  advance(entries: readonly { scope: string; cursor: Cursor }[], runId: string): Promise<void>;
}

/**
 * A cursor store on `warehouse` (the table must exist: ensureTables(pipelineCursors)). Cursors are
 * JSON text. Timestamps written by one store strictly increase, so "latest" is never a tie.
 * A stored value that is not JSON fails `load` with a terminal StorageError.
 */
export function createCursorStore<Cursor>(warehouse: Warehouse, pipeline: string, now: () => Date): CursorStore<Cursor> {
  const table = warehouse.kind === 'duckdb' ? pipelineCursors.name : warehouse.tableRef(pipelineCursors.name);
  let lastMs = 0;
  return {
    async load() {
      const rows = await warehouse.query<{ scope: string; cursor: string; updated_at: string }>(
        `SELECT scope, cursor, updated_at FROM ${table} WHERE pipeline = @pipeline ORDER BY scope, updated_at`,
        { pipeline },
      );
      const out = new Map<string, Cursor>();
      for (const row of rows) {
        try {
          out.set(row.scope, JSON.parse(row.cursor) as Cursor);
        } catch (cause) {
          throw new StorageError(`cursor of ${pipeline}/${row.scope} is not JSON`, { retriable: false, cause, context: { pipeline, scope: row.scope } });
        }
      }
      return out;
    },
    async advance(entries, runId) {
      const stamp = () => new Date((lastMs = Math.max(now().getTime(), lastMs + 1))).toISOString();
      await insertRows(
        warehouse,
        pipelineCursors,
        entries.map(({ scope, cursor }) => ({ pipeline, scope, cursor: JSON.stringify(cursor), run_id: runId, updated_at: stamp() })),
      );
    },
  };
}
