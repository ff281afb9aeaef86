/**
 * Which slices of a backfill are finished (`backfill_slices`). A slice is marked only after its
 * rows were MERGEd and its cursor advanced, so a rerun of the same backfill that skips marked
 * slices redoes nothing that landed and misses nothing that did not.
 */
import { backfillSlices } from '../../warehouse/pipeline-tables';
import type { Warehouse } from '../../warehouse/types';
import type { Slice } from './types';

export interface BackfillStore {
  /** Ids of the finished slices of `backfillId`. */
  done(backfillId: string): Promise<Set<string>>;
  /** Marks slices finished, in few statements (appends rows; marking twice is harmless). */
  markDone(
    backfillId: string,
    entries: readonly { slice: Slice<unknown>; recordsValid: number }[],
    runId: string,
  ): Promise<void>;
}

/** A backfill store on `warehouse` (the table must exist: ensureTables(backfillSlices)). */
export function createBackfillStore(warehouse: Warehouse, pipeline: string, now: () => Date): BackfillStore {
  const table = warehouse.kind === 'duckdb' ? backfillSlices.name : warehouse.tableRef(backfillSlices.name);
  return {
    async done(backfillId) {
      const rows = await warehouse.query<{ slice_id: string }>(
        `SELECT DISTINCT slice_id FROM ${table} WHERE pipeline = @pipeline AND backfill_id = @backfill_id`,
        {
          pipeline,
          backfill_id: backfillId,
        },
      );
      return new Set(rows.map((row) => row.slice_id));
    },
    async markDone(backfillId, entries, runId) {
      const finishedAt = now().toISOString();
      await warehouse.append(
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
