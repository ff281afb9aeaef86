/**
 * The `price_indicators` table definition as pure data, in the shape of the warehouse's TableDef
 * (declared here structurally: indicators may not import shared/warehouse; the lead moves this
 * object into shared/warehouse/tables.ts). Partitioned by date, clustered by ticker, like
 * `prices_daily`; the natural key is (ticker, date).
 */
import { indicatorColumns } from './definitions';

/** A column: BigQuery type names; the DuckDB DDL maps them (FLOAT64 -> DOUBLE, ...). */
export interface IndicatorTableColumn {
  name: string;
  type: 'STRING' | 'DATE' | 'FLOAT64' | 'TIMESTAMP';
  mode: 'REQUIRED' | 'NULLABLE';
  description: string;
}

/** Structurally the warehouse's TableDef (name, description, columns, keys, partition, clustering). */
export interface IndicatorTableDef {
  name: string;
  description: string;
  columns: readonly IndicatorTableColumn[];
  /** Natural key, the MERGE key. */
  keys: readonly string[];
  /** DAY partitioning field. */
  partitionField: string;
  clusterFields: readonly string[];
}

/** `price_indicators`: one row per (ticker, trading date) with every indicator of definitions.ts. */
export const PRICE_INDICATORS_TABLE: IndicatorTableDef = {
  name: 'price_indicators',
  description:
    'Technical indicators per ticker and trading date, computed in SQL from prices_daily (adj_close based; ' +
    'row-based windows, NULL during warm-up). Recomputed for touched tickers from the first touched date.',
  columns: [
    { name: 'ticker', type: 'STRING', mode: 'REQUIRED', description: 'upper-case symbol, as in prices_daily' },
    { name: 'date', type: 'DATE', mode: 'REQUIRED', description: "the exchange's trading date" },
    ...indicatorColumns().map((c) => ({ name: c.name, type: 'FLOAT64' as const, mode: 'NULLABLE' as const, description: c.description })),
    { name: 'computed_at', type: 'TIMESTAMP', mode: 'REQUIRED', description: 'when this row was computed (UTC), passed in by the caller' },
  ],
  keys: ['ticker', 'date'],
  partitionField: 'date',
  clusterFields: ['ticker'],
};
