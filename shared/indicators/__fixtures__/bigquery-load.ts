/**
 * Loads fixture bars into a BigQuery (emulator) dataset and reads indicator rows back in the same
 * shape as duckdb-load.ts. Test support only.
 */
import type { BigQuery } from '@google-cloud/bigquery';
import type { SqlStatement } from '../compute-sql';
import type { Column } from './reference';
import type { Bar } from './series';

const PRICES_SCHEMA = [
  { name: 'ticker', type: 'STRING', mode: 'REQUIRED' },
  { name: 'date', type: 'DATE', mode: 'REQUIRED' },
  ...['open', 'high', 'low', 'close'].map((name) => ({ name, type: 'FLOAT64', mode: 'REQUIRED' })),
  { name: 'adj_close', type: 'FLOAT64', mode: 'NULLABLE' },
  { name: 'volume', type: 'INT64', mode: 'REQUIRED' },
  { name: 'source', type: 'STRING', mode: 'NULLABLE' },
  { name: 'ingested_at', type: 'TIMESTAMP', mode: 'NULLABLE' },
];

/** Creates `dataset.table` (partitioned by date, clustered by ticker) and inserts `bars`. */
export async function loadPricesBigQuery(
  bq: BigQuery,
  dataset: string,
  table: string,
  bars: readonly Bar[],
): Promise<void> {
  const [ds] = await bq.dataset(dataset).get({ autoCreate: true });
  const [t] = await ds.createTable(table, {
    schema: { fields: PRICES_SCHEMA },
    timePartitioning: { type: 'DAY', field: 'date' },
    clustering: { fields: ['ticker'] },
  });
  for (let i = 0; i < bars.length; i += 500) {
    await t.insert(bars.slice(i, i + 500).map((b) => ({ ...b, source: 'yahoo', ingested_at: null })));
  }
}

/** Runs an indicator SELECT and groups it per ticker, columns in date order. */
export async function readIndicatorColumnsBigQuery(
  bq: BigQuery,
  statement: SqlStatement,
): Promise<Map<string, { dates: string[]; columns: Record<string, Column> }>> {
  const [rows] = await bq.query({ query: `${statement.sql}\nORDER BY ticker, date`, params: statement.params });
  const out = new Map<string, { dates: string[]; columns: Record<string, Column> }>();
  for (const row of rows as Record<string, unknown>[]) {
    const ticker = String(row.ticker);
    const entry = out.get(ticker) ?? { dates: [], columns: {} };
    const date = row.date as { value?: string } | string;
    entry.dates.push(typeof date === 'string' ? date : String(date.value));
    for (const [k, v] of Object.entries(row)) {
      if (k === 'ticker' || k === 'date' || k === 'computed_at') continue;
      (entry.columns[k] ??= []).push(v === null ? null : Number(v));
    }
    out.set(ticker, entry);
  }
  return out;
}
