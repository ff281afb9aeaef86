/**
 * Plain-text tables for a terminal: a header, a rule, one line per row, columns padded to their
 * widest cell (numbers right-aligned). Cells are single-line and capped, so one long value cannot
 * wreck the layout; `--json` is the way to see values whole.
 */

/** One column: its header and how to get a row's cell. */
export interface Column<Row> {
  header: string;
  cell: (row: Row) => unknown;
  align?: 'left' | 'right';
}

const MAX_CELL_CHARS = 60;

/** How a value shows in a cell: null/undefined blank, objects as JSON, control characters escaped. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // Provider text is untrusted: no escape sequence or newline reaches the terminal raw.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this replaces
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) =>
    c === '\n' || c === '\t' ? ' ' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return flat.length > MAX_CELL_CHARS ? `${flat.slice(0, MAX_CELL_CHARS - 1)}…` : flat;
}

/** The table as text, ending with a newline; `(no rows)` under the header when `rows` is empty. */
export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[]): string {
  const cells = rows.map((row) => columns.map((column) => cellText(column.cell(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((line) => line[i]?.length ?? 0)),
  );
  const line = (values: readonly string[]) =>
    values
      .map((value, i) =>
        columns[i]?.align === 'right' ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
  if (rows.length === 0) out.push('(no rows)');
  return `${out.join('\n')}\n`;
}

/** Columns for arbitrary query rows: every key in first-seen order; numbers right-aligned. */
export function columnsOf(rows: readonly Record<string, unknown>[]): Column<Record<string, unknown>>[] {
  const keys = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return keys.map((key) => ({
    header: key,
    cell: (row) => row[key],
    align: rows.every(
      (row) =>
        row[key] === null || row[key] === undefined || typeof row[key] === 'number' || typeof row[key] === 'bigint',
    )
      ? 'right'
      : 'left',
  }));
}

/** '42m', '3h 05m', '2d 4h', or 'never' for null. */
export function formatAge(minutes: number | null): string {
  if (minutes === null) return 'never';
  if (minutes < 60) return `${minutes}m`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(minutes / (24 * 60))}d ${Math.floor((minutes % (24 * 60)) / 60)}h`;
}

/** '850 ms', '12.3 s', '4m 05s'. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}
