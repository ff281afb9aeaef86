/**
 * Landing a commit group, the lake-and-warehouse half of the run loop's load: one raw object, the
 * quarantine records, one clean Parquet file per partition day and one MERGE per table for every
 * extracted slice of the group together. Cursors and backfill marks come after (run.ts), so a
 * crash here leaves the group undone, and a rerun lands it again over the idempotent MERGE.
 */
import { partitionDay } from './partition-day';
import type { Extracted } from './extract-slice';
import type { LakeWriter } from './lake-writer';
import type { TableDef, Warehouse, WarehouseRow } from '../../warehouse/types';

/** Rows MERGEd, per table and for the run's main table. */
export interface MergeTally {
  main: { inserted: number; updated: number };
  byTable: Record<string, { inserted: number; updated: number }>;
}

export interface GroupLander {
  /** Lands `live` (extracted, not aborted; in plan order) under the group name `stem`. Rejects with the first write's error. */
  land(live: readonly Extracted<unknown>[], stem: string): Promise<void>;
  readonly merged: MergeTally;
}

/** Runs `work`, adding its wall time to the named kind of I/O. */
export type Timed = <T>(what: 'raw' | 'clean' | 'merge', work: () => Promise<T>) => Promise<T>;

/** The lander of one run's groups into `table` (and the related tables its slices carry), through `writer` and `warehouse`. */
export function createGroupLander(options: { writer: LakeWriter; warehouse: Warehouse; table: TableDef; runDay: string; timed: Timed }): GroupLander {
  const { writer, warehouse, table: mainTable, runDay, timed } = options;
  const merged: MergeTally = { main: { inserted: 0, updated: 0 }, byTable: {} };
  // A table without a partition field puts its clean files under the run's day.
  const dayOf = (field: string | undefined) => (row: WarehouseRow) => (field === undefined ? runDay : partitionDay(row[field]));

  const mergeInto = async (table: TableDef, rows: WarehouseRow[]): Promise<void> => {
    const result = await warehouse.merge(table, rows);
    const counts = (merged.byTable[table.name] ??= { inserted: 0, updated: 0 });
    counts.inserted += result.inserted;
    counts.updated += result.updated;
    if (table.name === mainTable.name) {
      merged.main.inserted += result.inserted;
      merged.main.updated += result.updated;
    }
  };

  const cleanThenMerge = async (table: TableDef, rows: WarehouseRow[], stem: string): Promise<void> => {
    if (rows.length === 0) return;
    await timed('clean', () => writer.writeClean(rows, dayOf(table.partitionField), stem, table));
    await timed('merge', () => mergeInto(table, rows));
  };

  return {
    merged,
    async land(live, stem) {
      const rawLines = live.flatMap((e) => e.raw);
      if (rawLines.length > 0) {
        const rawKey = await timed('raw', () => writer.writeRaw(rawLines, stem));
        for (const e of live) for (const record of e.quarantine) record.rawKey = rawKey;
      }
      for (const e of live) e.raw = [];
      await writer.quarantine(live.flatMap((e) => e.quarantine));
      await cleanThenMerge(mainTable, live.flatMap((e) => e.main), stem);
      const related = new Map<string, { table: TableDef; rows: WarehouseRow[] }>();
      for (const e of live) {
        for (const [name, bucket] of e.related) {
          const all = related.get(name) ?? { table: bucket.table, rows: [] };
          related.set(name, all);
          for (const row of bucket.rows) all.rows.push(row);
        }
      }
      for (const { table, rows } of related.values()) await cleanThenMerge(table, rows, stem);
    },
  };
}
