/**
 * What one indicator family contributes to each stage of the generated query. The stages are CTEs
 * in order, and an item may read the columns of any earlier stage:
 *
 *   base     ticker, date, rn, blk, price (adj_close), prev_price, adj_high, adj_low
 *   series   per-row inputs, e.g. gain, true range (no windows)
 *   totals   aggregates per (ticker, blk) over `series`, joined to the rows of block blk + 1
 *   windows  window functions over base/series columns, e.g. SMA, level-1 recursion sums
 *   values   expressions over window results, e.g. an EMA from its sums, the MACD line
 *   totals2  aggregates per (ticker, blk) over `values`, joined to block blk + 1
 *   windows2 window functions over `values` (level-2 recursion: the MACD signal)
 *   output   the final `expr AS column` items, one per column of `price_indicators`
 *
 * Every item is a complete select item (`expression AS name`).
 */
export interface FamilySql {
  series?: string[];
  totals?: string[];
  windows?: string[];
  values?: string[];
  totals2?: string[];
  windows2?: string[];
  output: string[];
}

/** Layout facts every family generator needs. */
export interface FamilyContext {
  /** Rows per recursion block (see recursive-average.ts). */
  blockRows: number;
}

/** `AGG(expr)` over the last `rows` rows of the ticker, NULL until `rows` rows exist up to `firstRow`. */
export function trailing(agg: string, expr: string, rows: number, firstRow = 0): string {
  const frame = `OVER (PARTITION BY ticker ORDER BY rn ROWS BETWEEN ${rows - 1} PRECEDING AND CURRENT ROW)`;
  return `CASE WHEN rn >= ${firstRow + rows - 1} THEN ${agg}(${expr}) ${frame} END`;
}
