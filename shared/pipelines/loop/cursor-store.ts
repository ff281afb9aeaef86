/**
 * Cursors next to the data, in `pipeline_cursors`: an append-only history, one row each time a
 * slice lands; the cursor of a (pipeline, scope) is its latest row, and only that row is read.
 * Appending is one atomic statement on both backends, and the history shows how every cursor moved.
 */
import { StorageError } from '../../errors';
import { pipelineCursors } from '../../warehouse/pipeline-tables';
import type { Warehouse } from '../../warehouse/types';

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
export function createCursorStore<Cursor>(
  warehouse: Warehouse,
  pipeline: string,
  now: () => Date,
): CursorStore<Cursor> {
  const table = warehouse.kind === 'duckdb' ? pipelineCursors.name : warehouse.tableRef(pipelineCursors.name);
  let lastMs = 0;
  return {
    async load() {
      // Only each scope's latest row leaves the warehouse: the history grows by a row per landed
      // slice (500 a day for a 500-ticker watchlist), and reading it whole would make every run
      // start slower and, after a few years, not fit a function's memory.
      const rows = await warehouse.query<{ scope: string; cursor: string; updated_at: string }>(
        `SELECT c.scope, c.cursor, c.updated_at FROM ${table} AS c\n` +
          `JOIN (SELECT scope, MAX(updated_at) AS latest FROM ${table} WHERE pipeline = @pipeline GROUP BY scope) AS l ON l.scope = c.scope AND l.latest = c.updated_at\n` +
          `WHERE c.pipeline = @pipeline ORDER BY c.scope, c.updated_at`,
        { pipeline },
      );
      const out = new Map<string, Cursor>();
      for (const row of rows) {
        try {
          out.set(row.scope, JSON.parse(row.cursor) as Cursor);
        } catch (cause) {
          throw new StorageError(`cursor of ${pipeline}/${row.scope} is not JSON`, {
            retriable: false,
            cause,
            context: { pipeline, scope: row.scope },
          });
        }
      }
      return out;
    },
    async advance(entries, runId) {
      const stamp = () => new Date((lastMs = Math.max(now().getTime(), lastMs + 1))).toISOString();
      await warehouse.append(
        pipelineCursors,
        entries.map(({ scope, cursor }) => ({
          pipeline,
          scope,
          cursor: JSON.stringify(cursor),
          run_id: runId,
          updated_at: stamp(),
        })),
      );
    },
  };
}
