import type { NewsArticle } from '../../../shared/schemas/news';
import type { Warehouse, WarehouseRow } from '../../../shared/warehouse';

/** The `news` row of an article (shared/warehouse/tables.ts `news`); `ingestedAt` ISO-8601 UTC. */
export function toNewsRow(article: NewsArticle, ingestedAt: string): WarehouseRow {
  return {
    id: article.id,
    headline: article.headline,
    summary: article.summary,
    content: article.content,
    author: article.author,
    source: article.source,
    url: article.url,
    symbols: article.symbols,
    created_at: article.created_at,
    updated_at: article.updated_at,
    provider: article.provider,
    ingested_at: ingestedAt,
  };
}

/** The `news_tickers` rows of an article: one per provider symbol. */
export function toTickerRows(article: NewsArticle): WarehouseRow[] {
  return article.symbols.map((ticker) => ({ article_id: article.id, ticker, created_at: article.created_at }));
}

/**
 * `expr` is one of the strings in the array parameter `param`, spelled for the warehouse's dialect.
 * DuckDB gets a semi-join on the unnested list: `list_contains` per row scans the list for every
 * row of the table (measured: 35 ms against 5 ms for 600 ids over 50k rows).
 */
export function inArrayParam(warehouse: Pick<Warehouse, 'kind'>, expr: string, param: string): string {
  return warehouse.kind === 'bigquery' ? `${expr} IN UNNEST(@${param})` : `${expr} IN (SELECT UNNEST(@${param}))`;
}

/**
 * The stored `updated_at` (ms since the epoch) of each of `ids` that `table` already holds, keyed by
 * id. `idColumn` names the key column. Rejects with the warehouse's StorageError.
 */
export async function storedVersions(warehouse: Warehouse, table: string, idColumn: string, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await warehouse.query<{ id: string; updated_at: string }>(
    `SELECT ${idColumn} AS id, updated_at FROM ${warehouse.tableRef(table)} WHERE ${inArrayParam(warehouse, idColumn, 'ids')}`,
    { ids: [...ids] },
  );
  return new Map(rows.map((r) => [r.id, Date.parse(r.updated_at)]));
}

/**
 * Splits articles into those at least as new as the stored row (written: a redelivery rewrites the
 * same version, a newer version replaces the row) and those strictly older (dropped, so an
 * out-of-order older version never overwrites a newer one).
 */
export function splitByFreshness<T extends { article: NewsArticle }>(items: readonly T[], stored: ReadonlyMap<string, number>): { fresh: T[]; stale: T[] } {
  const fresh: T[] = [];
  const stale: T[] = [];
  for (const item of items) {
    const known = stored.get(item.article.id);
    (known !== undefined && Date.parse(item.article.updated_at) < known ? stale : fresh).push(item);
  }
  return { fresh, stale };
}
