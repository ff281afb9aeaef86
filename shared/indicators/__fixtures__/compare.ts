/**
 * Row-by-row comparison of computed indicator rows against reference columns. Test support only.
 */
import type { Column } from './reference';

/** One indicator's worst disagreement over all compared rows. */
export interface ColumnError {
  column: string;
  rows: number;
  maxAbs: number;
  maxRel: number;
  /** Rows where exactly one side is null (warm-up mismatch), as `ticker@row`. */
  nullMismatches: string[];
}

/**
 * Compare `actual[column][i]` with `expected[column][i]` for every column of `expected` that
 * `actual` has. `maxRel` divides by max(|expected|, 1e-12).
 */
export function compareColumns(
  ticker: string,
  actual: Record<string, Column>,
  expected: Record<string, Column>,
  into: Map<string, ColumnError>,
): void {
  for (const [column, exp] of Object.entries(expected)) {
    const act = actual[column];
    if (!act) continue;
    const err = into.get(column) ?? { column, rows: 0, maxAbs: 0, maxRel: 0, nullMismatches: [] };
    if (act.length !== exp.length) err.nullMismatches.push(`${ticker}: ${act.length} rows vs ${exp.length}`);
    exp.forEach((e, i) => {
      const a = act[i] ?? null;
      if ((a === null) !== (e === null)) {
        err.nullMismatches.push(`${ticker}@${i}`);
        return;
      }
      if (a === null || e === null) return;
      const abs = Math.abs(a - e);
      err.rows += 1;
      err.maxAbs = Math.max(err.maxAbs, Number.isNaN(abs) ? Infinity : abs);
      err.maxRel = Math.max(err.maxRel, abs / Math.max(Math.abs(e), 1e-12));
    });
    into.set(column, err);
  }
}
