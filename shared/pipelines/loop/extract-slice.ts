/**
 * Extract, the first half of the run loop: one slice's pages -> wire -> normalize -> validate ->
 * warehouse rows, kept in memory until the slice's commit group lands (commit-group.ts).
 */
import { judgePage } from './validate';
import type { TableDef, WarehouseRow } from '../../warehouse/types';
import type { PipelineDefinition, QuarantineRecord, Slice, SliceOutcome, SliceReport } from './types';

/** One slice extracted and judged, waiting for its commit group to land. */
export interface Extracted<Cursor> {
  slice: Slice<Cursor>;
  /** Position in the run's plan: a group lands its slices in this order. */
  index: number;
  report: SliceReport;
  /** Warehouse rows of the main table and of related tables. */
  main: WarehouseRow[];
  related: Map<string, { table: TableDef; rows: WarehouseRow[] }>;
  /** Their `rawKey` is filled in once the group's raw object is written. */
  quarantine: QuarantineRecord[];
  counts: { recordsIn: number; valid: number; quarantined: number; skipped: number };
  /** `source.nextCursor` and `definition.followUp` of a slice that read all its pages. */
  next?: Cursor;
  followUps?: Slice<Cursor>[];
  /** Why the slice stopped part way (its pages read before still land). */
  error?: unknown;
  /** Not started: the run had been aborted. */
  aborted?: boolean;
  /** The slice's pages as received (`JSON.stringify(page)` each), for its group's raw object. */
  raw: string[];
}

/** What extraction needs of the run. */
export interface ExtractContext<Cursor, Wire, Row, Clean extends Row, Config> {
  definition: PipelineDefinition<Cursor, Wire, Row, Clean, Config>;
  runId: string;
  /** The run's 'YYYY-MM-DD' (definition.today). */
  today: string;
  now: () => Date;
  /** The scope's cursor when the run started. */
  cursorBefore(scope: string): Cursor | undefined;
}

/** A slice that did not start because the run had been aborted with `reason`. */
export function abortedSlice<Cursor>(slice: Slice<Cursor>, index: number, report: SliceReport, reason: unknown): Extracted<Cursor> {
  return { slice, index, report, main: [], related: new Map(), quarantine: [], counts: { recordsIn: 0, valid: 0, quarantined: 0, skipped: 0 }, raw: [], error: reason, aborted: true };
}

/**
 * Reads `slice`'s pages and judges each. Only what the load needs is kept (rows, raw page text);
 * the slice's next cursor and follow-ups are pure, so they are computed here and the parsed pages
 * dropped. Never rejects: a failure part way keeps the pages read before it (they land, as they
 * would have one by one) and sets `error`. `report` is filled in when the group lands.
 */
export async function extractSlice<Cursor, Wire, Row, Clean extends Row, Config>(
  ctx: ExtractContext<Cursor, Wire, Row, Clean, Config>,
  slice: Slice<Cursor>,
  index: number,
  report: SliceReport,
): Promise<Extracted<Cursor>> {
  const { definition, runId, today } = ctx;
  const source = definition.source;
  const extracted: Extracted<Cursor> = { slice, index, report, main: [], related: new Map(), quarantine: [], counts: { recordsIn: 0, valid: 0, quarantined: 0, skipped: 0 }, raw: [] };
  const outcome: SliceOutcome<Cursor, Wire, Row> = { slice, before: ctx.cursorBefore(slice.scope), pages: [] };
  const validRows: Row[] = [];
  // The group's raw object (one durable write per group, not per slice: each is an fsync) is
  // written before any row of the group lands; its key reaches these records at commit.
  const rawKey = '';
  try {
    for await (const page of source.pages(slice.cursor, definition.sourceContext)) {
      report.pages += 1;
      extracted.raw.push(JSON.stringify(page));
      const verdict = judgePage(page, source, definition.validate, today);
      const quarantinedAt = ctx.now().toISOString();
      for (const r of verdict.rejected) extracted.quarantine.push({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, quarantinedAt });
      if (verdict.parsed && definition.followUp) outcome.pages.push({ page, ...verdict.parsed });
      const ingestedAt = ctx.now().toISOString();
      for (const row of verdict.valid) extracted.main.push(definition.toWarehouseRow(row, ingestedAt));
      if (verdict.parsed && definition.related) {
        for (const related of definition.related({ normalized: verdict.parsed.normalized, valid: verdict.valid }, ingestedAt, today)) {
          for (const r of related.rejected ?? []) extracted.quarantine.push({ runId, source: source.name, sliceId: slice.id, rawKey, ...r, path: `${related.table.name}:${r.path}`, quarantinedAt });
          const bucket = extracted.related.get(related.table.name) ?? { table: related.table, rows: [] };
          extracted.related.set(related.table.name, bucket);
          for (const row of related.rows) bucket.rows.push(row);
        }
      }
      extracted.counts.recordsIn += verdict.recordsIn;
      extracted.counts.skipped += verdict.skipped;
      extracted.counts.quarantined += verdict.rejected.length;
      extracted.counts.valid += verdict.valid.length;
      for (const row of verdict.valid) validRows.push(row);
    }
    extracted.next = source.nextCursor(slice.cursor, validRows);
    extracted.followUps = definition.followUp?.(outcome, today) ?? [];
  } catch (error) {
    extracted.error = error;
  }
  return extracted;
}
