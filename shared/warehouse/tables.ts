/**
 * The warehouse tables of DESIGN.md as pure data: one definition feeds the BigQuery DDL (cdktf and
 * bigquery/), the DuckDB DDL (duckdb/) and the MERGE keys. Imports nothing but types, so cdktf
 * synth never loads a database client.
 */
import type { TableDef } from './types';

/** The run ledger: one row per pipeline run, written at start and overwritten when it ends. */
export const ingestionRuns: TableDef = {
  name: 'ingestion_runs',
  description: 'One row per pipeline run: what ran, when, how many records in/valid/quarantined, cursor before/after, error.',
  key: ['run_id'],
  partitionField: 'started_at',
  clustering: ['pipeline'],
  columns: [
    { name: 'run_id', type: 'STRING', required: true, description: 'Unique id of the run.' },
    { name: 'pipeline', type: 'STRING', required: true, description: 'Registry name of the pipeline.' },
    { name: 'trigger', type: 'STRING', required: true, description: 'What started the run: schedule, http, backfill, manual.' },
    { name: 'status', type: 'STRING', required: true, description: 'running, succeeded or failed.' },
    { name: 'started_at', type: 'TIMESTAMP', required: true, description: 'When the run started (UTC).' },
    { name: 'finished_at', type: 'TIMESTAMP', description: 'When the run ended (UTC); null while running.' },
    { name: 'records_in', type: 'INT64', description: 'Records received from the source.' },
    { name: 'records_valid', type: 'INT64', description: 'Records that passed validation.' },
    { name: 'records_quarantined', type: 'INT64', description: 'Records rejected to quarantine.' },
    { name: 'cursor_before', type: 'JSON', description: 'Source cursor when the run started.' },
    { name: 'cursor_after', type: 'JSON', description: 'Source cursor after the run; equals cursor_before when it failed.' },
    { name: 'error_class', type: 'STRING', description: 'Class name of the error that stopped the run.' },
    { name: 'error_message', type: 'STRING', description: 'Message of that error, secrets redacted.' },
    { name: 'error_retriable', type: 'BOOL', description: 'Whether that error was marked retriable.' },
  ],
};

/** Daily OHLCV bars, one row per ticker and trading day. */
export const pricesDaily: TableDef = {
  name: 'prices_daily',
  description: 'Daily OHLCV bars per ticker and trading day.',
  key: ['ticker', 'date'],
  partitionField: 'date',
  clustering: ['ticker'],
  columns: [
    { name: 'ticker', type: 'STRING', required: true, description: 'Exchange ticker symbol, upper case.' },
    { name: 'date', type: 'DATE', required: true, description: 'Trading day (exchange calendar).' },
    { name: 'open', type: 'FLOAT64', description: 'Opening price, in the listing currency.' },
    { name: 'high', type: 'FLOAT64', description: 'Highest price of the day.' },
    { name: 'low', type: 'FLOAT64', description: 'Lowest price of the day.' },
    { name: 'close', type: 'FLOAT64', description: 'Closing price.' },
    { name: 'adj_close', type: 'FLOAT64', description: 'Close adjusted for splits and dividends.' },
    { name: 'volume', type: 'INT64', description: 'Shares traded.' },
    { name: 'source', type: 'STRING', required: true, description: 'Provider the bar came from.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** Every table definition, in creation order. */
export const TABLES: readonly TableDef[] = [ingestionRuns, pricesDaily];

/** The definition named `name`, or undefined. */
export function tableByName(name: string): TableDef | undefined {
  return TABLES.find((def) => def.name === name);
}
