/**
 * Partition days of warehouse rows: which `dt=` a row's clean file goes to, and the date range a
 * run touched per scope (what downstream work, such as indicators, recomputes).
 */
import type { DayRange } from './types';

/**
 * The UTC day ('YYYY-MM-DD') a partition value falls in: a DATE as is, a TIMESTAMP (ISO string or
 * Date) by its UTC date, as BigQuery partitions a TIMESTAMP column by day.
 */
export function partitionDay(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  // The hot case (a DATE column, asked per row): a 'YYYY-MM-DD' string is its own day.
  if (typeof value === 'string' && value.length === 10 && value.charCodeAt(4) === 45 && value.charCodeAt(7) === 45)
    return value;
  const text = String(value);
  return /^\d{4}-\d{2}-\d{2}/.test(text) && (text.length === 10 || text[10] === 'T' || text[10] === ' ')
    ? text.slice(0, 10)
    : text;
}

/** Widens `touched` (the run's TouchedScopes as it grows) for `scope` to include [from, to]. */
export function touch(touched: Map<string, DayRange>, scope: string, from: string, to: string): void {
  const seen = touched.get(scope);
  touched.set(
    scope,
    seen === undefined ? { from, to } : { from: from < seen.from ? from : seen.from, to: to > seen.to ? to : seen.to },
  );
}

/** The first and last partition day of `rows` by `field`; undefined for no rows. */
export function dayRange(rows: readonly Record<string, unknown>[], field: string): DayRange | undefined {
  if (rows.length === 0) return undefined;
  let from = partitionDay(rows[0]![field]);
  let to = from;
  for (const row of rows) {
    const day = partitionDay(row[field]);
    if (day < from) from = day;
    if (day > to) to = day;
  }
  return { from, to };
}
