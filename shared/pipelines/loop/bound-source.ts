/**
 * A source bound to its context: what the run loop reads of a provider. A `Source` has four type
 * parameters (cursor, wire shape, row, config); the wire shape and the config matter only between
 * the source and its own context, so binding them once here leaves a definition two: the cursor it
 * plans and the rows it validates. See [the run loop's words](../../../docs/architecture.md#the-run-loops-words).
 */
import type { z } from 'zod';
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import type { Normalized, RawPage, Source, SourceContext } from '../../sources/types';

/** One page read: its body parsed with the wire schema and normalized, or the schema's issues. */
export type PageRead<Row> = { ok: true; normalized: Normalized<Row> } | { ok: false; issues: ValidationIssue[] };

/** A source with its context bound in. */
export interface BoundSource<Cursor, Row> {
  /** The source's name: lake paths (`raw/<name>/...`) and quarantine records carry it. */
  readonly name: string;
  /** The pages to fetch from `cursor` on, lazily (the source's `pages` in its context). */
  pages(cursor: Cursor): AsyncIterable<RawPage>;
  /** Parses `page.body` with the source's wire schema and normalizes it. Pure; never throws for bad data. */
  read(page: RawPage): PageRead<Row>;
  /** The source's pure `nextCursor`: the cursor after `rows` (a slice's valid rows) were stored. */
  nextCursor(cursor: Cursor, rows: readonly Row[]): Cursor;
}

/** The `read` of a source's wire schema and normalize. Pure. */
export function pageReader<Wire, Row>(source: {
  readonly wire: z.ZodType<Wire>;
  normalize(wire: Wire, page: RawPage): Normalized<Row>;
}): (page: RawPage) => PageRead<Row> {
  return (page) => {
    const parsed = source.wire.safeParse(page.body);
    return parsed.success
      ? { ok: true, normalized: source.normalize(parsed.data, page) }
      : { ok: false, issues: toIssues(parsed.error) };
  };
}

/** `source` bound to `context` (its HTTP client, log, clock and config slice). Calls nothing until read. */
export function bindSource<Cursor, Wire, Row, Config>(
  source: Source<Cursor, Wire, Row, Config>,
  context: SourceContext<Config>,
): BoundSource<Cursor, Row> {
  return {
    name: source.name,
    pages: (cursor) => source.pages(cursor, context),
    read: pageReader(source),
    nextCursor: (cursor, rows) => source.nextCursor(cursor, rows),
  };
}
