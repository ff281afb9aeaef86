/**
 * The run loop's three lake writes, with deterministic names so a retry of the same run overwrites
 * instead of duplicating: raw pages (gzip JSONL, one object per slice, a line per page), clean rows
 * (Parquet, one file per partition day and commit group: slice-groups.ts) and the run's quarantine file (JSONL,
 * rewritten whole as records arrive).
 */
import { gzipSync } from 'node:zlib';
import { ARCHIVE_GZIP } from '../../lake/gzip';
import { encodeParquet, type ParquetColumn } from '../../lake/parquet';
import { cleanKey, quarantineKey, rawKey } from '../../lake/paths';
import type { Lake } from '../../lake/types';
import type { TableDef, WarehouseRow } from '../../warehouse/types';
import { mapLimit } from './pool';
import type { QuarantineDraft, QuarantineRecord } from './types';

/** How many clean files of one group are written at once. */
const CLEAN_WRITE_CONCURRENCY = 16;

/** Groups rows by their partition day, days in ascending order. Pure. */
export function groupByDay<T>(rows: readonly T[], dayOf: (row: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const day = dayOf(row);
    const group = groups.get(day);
    if (group) group.push(row);
    else groups.set(day, [row]);
  }
  return [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The Parquet columns of a table (NUMERIC travels as its decimal string). */
export function parquetColumnsOf(def: TableDef): ParquetColumn[] {
  return def.columns.map((c) => ({ name: c.name, type: c.type === 'NUMERIC' ? 'STRING' : c.type }));
}

/** Writes one run's objects. `runDay` ('YYYY-MM-DD', UTC) partitions raw and quarantine objects. */
export interface LakeWriter {
  /**
   * Writes a commit group's pages (each `JSON.stringify(page)`, in order) as one gzip JSONL object
   * at `raw/<source>/dt=<runDay>/<stem>-0.jsonl.gz` (`stem`: the group's name); returns the key.
   */
  writeRaw(lines: readonly string[], stem: string): Promise<string>;
  /**
   * `clean/<table>/dt=<day>/<stem>-0.parquet` per partition day (`stem`: the commit group's name,
   * slice-groups.ts `groupName`); returns the keys. `table` defaults to the run's main table
   * (related tables pass their own).
   */
  writeClean(
    rows: readonly WarehouseRow[],
    dayOf: (row: WarehouseRow) => string,
    stem: string,
    table?: TableDef,
  ): Promise<string[]>;
  /**
   * Adds records to the run's quarantine file, each stamped with `rawObjectKey` (the raw object
   * holding its page) as its `rawKey`, and rewrites the file; no-op for none. Returns the file's key.
   */
  quarantine(records: readonly QuarantineDraft[], rawObjectKey: string): Promise<string | undefined>;
  /** Every quarantined record of the run so far. */
  quarantined(): number;
}

export function createLakeWriter(
  lake: Lake,
  run: { runId: string; runDay: string; source: string; table: TableDef },
): LakeWriter {
  const columnsByTable = new Map<string, ParquetColumn[]>([[run.table.name, parquetColumnsOf(run.table)]]);
  const columnsOf = (table: TableDef): ParquetColumn[] => {
    let columns = columnsByTable.get(table.name);
    if (columns === undefined) columnsByTable.set(table.name, (columns = parquetColumnsOf(table)));
    return columns;
  };
  const lines: string[] = [];
  // One writer at a time: concurrent slices append, and each flush must contain every line so far.
  let flushing: Promise<unknown> = Promise.resolve();
  const key = quarantineKey({ source: run.source, dt: run.runDay, runId: run.runId });
  return {
    async writeRaw(lines, stem) {
      const objectKey = rawKey({ source: run.source, dt: run.runDay, runId: stem, n: 0 });
      const text = `${lines.join('\n')}\n`;
      await lake.put(objectKey, gzipSync(text, ARCHIVE_GZIP), { contentType: 'application/gzip' });
      return objectKey;
    },
    async writeClean(rows, dayOf, stem, table = run.table) {
      const groups = groupByDay(rows, dayOf);
      const columns = columnsOf(table);
      return mapLimit(groups, CLEAN_WRITE_CONCURRENCY, async ([day, group]) => {
        const objectKey = cleanKey({ table: table.name, dt: day, runId: stem, n: 0 });
        await lake.put(objectKey, encodeParquet(group, columns), { contentType: 'application/vnd.apache.parquet' });
        return objectKey;
      });
    },
    async quarantine(records, rawObjectKey) {
      if (records.length === 0) return undefined;
      for (const { runId, source, sliceId, ...rest } of records)
        lines.push(
          JSON.stringify({ runId, source, sliceId, rawKey: rawObjectKey, ...rest } satisfies QuarantineRecord),
        );
      const write = flushing.then(() =>
        lake.put(key, `${lines.join('\n')}\n`, { contentType: 'application/x-ndjson' }),
      );
      flushing = write.catch(() => undefined);
      await write;
      return key;
    },
    quarantined: () => lines.length,
  };
}
