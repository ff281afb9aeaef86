/**
 * Extract, the first half of a slice's way through the run loop: its pages -> wire -> normalize ->
 * validate -> warehouse rows, returned as one immutable value that waits in memory until the
 * slice's commit group lands (commit-group.ts). Words as in
 * [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import { NOTHING_READ } from './slice-report';
import { judgePage } from './validate';
import type { TableDef, WarehouseRow } from '../../warehouse/types';
import type { PipelineDefinition, QuarantineDraft, Slice, SliceCounts, SliceOutcome } from './types';

/** Rows of one related table. */
export interface RelatedBatch {
  readonly table: TableDef;
  readonly rows: readonly WarehouseRow[];
}

/** One slice extracted and judged, waiting for its commit group to land. Never changed once made. */
export interface Extracted<Cursor> {
  readonly slice: Slice<Cursor>;
  /** Position in the run's plan (follow-ups after the plan): a group lands its slices in this order. */
  readonly index: number;
  /** Warehouse rows of the main table. */
  readonly rows: readonly WarehouseRow[];
  /** Warehouse rows of related tables, by table name. */
  readonly related: ReadonlyMap<string, RelatedBatch>;
  /** Rejected records; the lake writer adds the group's raw object key when it writes them. */
  readonly rejected: readonly QuarantineDraft[];
  /** The slice's pages as received (`JSON.stringify(page)` each), for its group's raw object. */
  readonly raw: readonly string[];
  /** Pages and records read; what its report counts once the group landed. */
  readonly counts: SliceCounts;
  /** `source.nextCursor` of a slice that read all its pages. */
  readonly next?: Cursor;
  /** `definition.followUp` of a slice that read all its pages (none otherwise). */
  readonly followUps: readonly Slice<Cursor>[];
  /** Why the slice stopped part way (its pages read before still land). */
  readonly error?: unknown;
  /** Not started: the run had been aborted (`error` is the abort's reason). */
  readonly aborted?: true;
}

/** What extraction needs of the run (RunState has it). */
export interface ExtractContext<Cursor, Row, Clean extends Row> {
  readonly definition: PipelineDefinition<Cursor, Row, Clean>;
  readonly runId: string;
  /** The run's 'YYYY-MM-DD' (definition.today). */
  readonly today: string;
  readonly now: () => Date;
  /** The stored cursors by scope when the run started. */
  readonly initial: ReadonlyMap<string, Cursor>;
}

/** A slice that did not start because the run had been aborted with `reason`. */
export function abortedSlice<Cursor>(slice: Slice<Cursor>, index: number, reason: unknown): Extracted<Cursor> {
  return {
    slice,
    index,
    rows: [],
    related: new Map(),
    rejected: [],
    raw: [],
    counts: NOTHING_READ,
    followUps: [],
    error: reason,
    aborted: true,
  };
}

/**
 * Reads `slice`'s pages and judges each. Only what the load needs is kept (rows, raw page text);
 * the slice's next cursor and follow-ups are pure, so they are computed here and the parsed pages
 * dropped. Never rejects: a failure part way keeps the pages read before it (they land, as they
 * would have one by one) and sets `error`.
 */
export async function extractSlice<Cursor, Row, Clean extends Row>(
  ctx: ExtractContext<Cursor, Row, Clean>,
  slice: Slice<Cursor>,
  index: number,
): Promise<Extracted<Cursor>> {
  const { definition, runId, today } = ctx;
  const source = definition.source;
  const rows: WarehouseRow[] = [];
  const related = new Map<string, { table: TableDef; rows: WarehouseRow[] }>();
  const rejected: QuarantineDraft[] = [];
  const raw: string[] = [];
  const counts = { ...NOTHING_READ };
  const outcome: SliceOutcome<Cursor, Row> = { slice, before: ctx.initial.get(slice.scope), pages: [] };
  const validRows: Row[] = [];
  const extracted = (end: { next: Cursor; followUps: Slice<Cursor>[] } | { error: unknown }): Extracted<Cursor> => ({
    slice,
    index,
    rows,
    related,
    rejected,
    raw,
    counts,
    followUps: [],
    ...end,
  });
  try {
    for await (const page of source.pages(slice.cursor)) {
      counts.pages += 1;
      raw.push(JSON.stringify(page));
      const verdict = judgePage(page, source, definition.validate, today);
      const quarantinedAt = ctx.now().toISOString();
      for (const r of verdict.rejected)
        rejected.push({ runId, source: source.name, sliceId: slice.id, ...r, quarantinedAt });
      if (verdict.normalized && definition.followUp) outcome.pages.push({ page, normalized: verdict.normalized });
      const ingestedAt = ctx.now().toISOString();
      for (const row of verdict.valid) rows.push(definition.toWarehouseRow(row, ingestedAt));
      if (verdict.normalized && definition.related) {
        for (const batch of definition.related(
          { normalized: verdict.normalized, valid: verdict.valid },
          ingestedAt,
          today,
        )) {
          for (const r of batch.rejected ?? [])
            rejected.push({
              runId,
              source: source.name,
              sliceId: slice.id,
              ...r,
              path: `${batch.table.name}:${r.path}`,
              quarantinedAt,
            });
          const bucket = related.get(batch.table.name) ?? { table: batch.table, rows: [] };
          related.set(batch.table.name, bucket);
          for (const row of batch.rows) bucket.rows.push(row);
        }
      }
      counts.recordsIn += verdict.recordsIn;
      counts.skipped += verdict.skipped;
      counts.quarantined += verdict.rejected.length;
      counts.valid += verdict.valid.length;
      for (const row of verdict.valid) validRows.push(row);
    }
    const next = source.nextCursor(slice.cursor, validRows);
    return extracted({ next, followUps: definition.followUp?.(outcome, today) ?? [] });
  } catch (error) {
    return extracted({ error });
  }
}
