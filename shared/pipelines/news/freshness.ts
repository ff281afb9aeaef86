/**
 * The batch's side of "newest version wins" (rows.ts): a Warehouse that passes everything
 * through except MERGEs into `news` and `news_tickers`, which it trims first.
 *
 * The run loop MERGEs what a definition validated, and a definition is pure, so the check against
 * the stored version (I/O) sits here, around the warehouse the run gets. The stream's lake-sink
 * applies the same rule in its own flush.
 */
import type { Logger } from '../../log/types';
import { news, newsTickers } from '../../warehouse/tables';
import type { MergeResult, QueryParams, TableDef, Warehouse, WarehouseRow } from '../../warehouse/types';
import { newestById, partitionByFreshness, storedVersions } from './rows';

const versionOf = (row: WarehouseRow) => ({ id: String(row.id), updatedAt: String(row.updated_at) });

/** Counters since the guard was made. */
export interface NewsFreshnessStats {
  /** Rows dropped because the warehouse already held a newer version of the article. */
  stale: number;
  /** Rows dropped because the same id came again in the same batch (read by both scopes, or a newer version). */
  repeated: number;
}

/** The guarded warehouse and what it dropped. */
export interface NewsFreshnessGuard {
  warehouse: Warehouse;
  stats(): NewsFreshnessStats;
}

/**
 * Wraps `inner`: a MERGE into `news` keeps, per id, the newest row of the batch, and only if it is
 * at least as new as the stored row; the `news_tickers` MERGE that follows keeps, for the articles
 * of that batch, only the rows of the kept version's symbols (a stale or superseded version adds
 * none), and one row per key (the same article read by two slices gives its rows twice).
 *
 * Contract: each `news_tickers` MERGE belongs to the `news` MERGE just before it (the run loop
 * loads a group's main rows, then its related rows, one group at a time). Rejects with `inner`'s
 * StorageError.
 */
export function guardNewsFreshness(inner: Warehouse, log: Logger): NewsFreshnessGuard {
  // Article id -> the symbols of the version the last `news` MERGE kept (empty: none kept).
  let lastKept = new Map<string, ReadonlySet<string>>();
  const stats: NewsFreshnessStats = { stale: 0, repeated: 0 };

  async function mergeNews(def: TableDef, rows: readonly WarehouseRow[]): Promise<MergeResult> {
    const newest = newestById(rows, versionOf);
    const stored = await storedVersions(
      inner,
      news.name,
      'id',
      newest.map((row) => String(row.id)),
    );
    const { fresh, stale } = partitionByFreshness(newest, stored, versionOf);
    lastKept = new Map(rows.map((row) => [String(row.id), new Set<string>()]));
    for (const row of fresh)
      lastKept.set(String(row.id), new Set(Array.isArray(row.symbols) ? row.symbols.map(String) : []));
    stats.repeated += rows.length - newest.length;
    stats.stale += stale.length;
    if (stale.length > 0)
      log.info('older article versions skipped', {
        ids: stale.slice(0, 10).map((row) => String(row.id)),
        count: stale.length,
      });
    return inner.merge(def, fresh);
  }

  function keptTickerRows(rows: readonly WarehouseRow[]): WarehouseRow[] {
    const byKey = new Map<string, WarehouseRow>();
    for (const row of rows) {
      const id = String(row.article_id);
      const kept = lastKept.get(id);
      if (kept !== undefined && !kept.has(String(row.ticker))) continue;
      byKey.set(`${id}\u0000${String(row.ticker)}`, row);
    }
    return [...byKey.values()];
  }

  const merge = (def: TableDef, rows: readonly WarehouseRow[]): Promise<MergeResult> =>
    def.name === news.name
      ? mergeNews(def, rows)
      : def.name === newsTickers.name
        ? inner.merge(def, keptTickerRows(rows))
        : inner.merge(def, rows);

  return {
    warehouse: {
      kind: inner.kind,
      describe: () => inner.describe(),
      tableRef: (name) => inner.tableRef(name),
      ensureTables: (defs) => inner.ensureTables(defs),
      merge,
      append: (def, rows) => inner.append(def, rows),
      query: <T>(sql: string, params?: QueryParams) => inner.query<T>(sql, params),
      tableMetadata: (name) => inner.tableMetadata(name),
      close: () => inner.close(),
    },
    stats: () => ({ ...stats }),
  };
}
