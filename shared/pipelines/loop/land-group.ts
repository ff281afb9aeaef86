/**
 * Landing a commit group, the lake-and-warehouse half of the run loop's load: one raw object, the
 * quarantine records, one clean Parquet file per partition day and one MERGE per table for every
 * extracted slice of the group together. Cursors and backfill marks come after (commit-group.ts),
 * so a crash here leaves the group undone, and a rerun lands it again over the idempotent MERGE.
 * The lander of [the run loop's words](../../../docs/architecture.md#the-run-loops-words).
 */
import { partitionDay } from './partition-day';
import type { Extracted } from './extract-slice';
import type { LakeWriter } from './lake-writer';
import type { MergeResult, TableDef, Warehouse, WarehouseRow } from '../../warehouse/types';

/** The kinds of I/O a run times (logged with 'slices landed'). */
export type IoKind = 'raw' | 'clean' | 'merge' | 'bookkeeping';

/** Runs `work`, adding its wall time to the named kind of I/O. */
export type Timed = <T>(what: IoKind, work: () => Promise<T>) => Promise<T>;

/**
 * What landing a group did: the raw object's key (none when the group read no page), every MERGE
 * that completed (table and result, in order), and whether the whole group landed; if not, the
 * first write's error (the MERGEs before it stay done).
 */
export type Landing = {
  readonly rawKey?: string;
  readonly merged: readonly { table: string; result: MergeResult }[];
} & ({ readonly ok: true } | { readonly ok: false; readonly error: unknown });

/** What the lander reads of an extracted slice. */
export type LandingPart = Pick<Extracted<unknown>, 'raw' | 'rejected' | 'rows' | 'related'>;

export interface GroupLander {
  /** Lands `live` (extracted, not aborted; in plan order) under the group name `stem`. Never rejects. */
  land(live: readonly LandingPart[], stem: string): Promise<Landing>;
}

/** The lander of one run's groups into `table` (and the related tables its slices carry), through `writer` and `warehouse`. */
export function createGroupLander(options: {
  writer: LakeWriter;
  warehouse: Warehouse;
  table: TableDef;
  runDay: string;
  timed: Timed;
}): GroupLander {
  const { writer, warehouse, table: mainTable, runDay, timed } = options;
  // A table without a partition field puts its clean files under the run's day.
  const dayOf = (field: string | undefined) => (row: WarehouseRow) =>
    field === undefined ? runDay : partitionDay(row[field]);

  const cleanThenMerge = async (
    table: TableDef,
    rows: readonly WarehouseRow[],
    stem: string,
    merged: { table: string; result: MergeResult }[],
  ): Promise<void> => {
    if (rows.length === 0) return;
    await timed('clean', () => writer.writeClean(rows, dayOf(table.partitionField), stem, table));
    merged.push({ table: table.name, result: await timed('merge', () => warehouse.merge(table, rows)) });
  };

  return {
    async land(live, stem) {
      const merged: { table: string; result: MergeResult }[] = [];
      let rawKey: string | undefined;
      try {
        const rawLines = live.flatMap((e) => e.raw);
        if (rawLines.length > 0) rawKey = await timed('raw', () => writer.writeRaw(rawLines, stem));
        await writer.quarantine(
          live.flatMap((e) => e.rejected),
          rawKey ?? '',
        );
        await cleanThenMerge(
          mainTable,
          live.flatMap((e) => e.rows),
          stem,
          merged,
        );
        const related = new Map<string, { table: TableDef; rows: WarehouseRow[] }>();
        for (const e of live) {
          for (const [name, batch] of e.related) {
            const all = related.get(name) ?? { table: batch.table, rows: [] };
            related.set(name, all);
            for (const row of batch.rows) all.rows.push(row);
          }
        }
        for (const { table, rows } of related.values()) await cleanThenMerge(table, rows, stem, merged);
        return { rawKey, merged, ok: true };
      } catch (error) {
        return { rawKey, merged, ok: false, error };
      }
    },
  };
}
