/**
 * The warehouse tables the pipeline run loop keeps for itself (cursors, backfill slices, the extra
 * ledger columns) and `price_indicators`, as pure data in the TableDef shape. Imports nothing but
 * types, like tables.ts, so cdktf can read it; the lead folds these into tables.ts' TABLES.
 */
import { indicatorColumns } from '../schemas/indicator-columns';
import type { ColumnDef, TableDef } from './types';

/**
 * Where each pipeline got to, per scope (a ticker, a query): an append-only history, one row each
 * time a slice lands; the latest row of a (pipeline, scope) is its cursor.
 */
export const pipelineCursors: TableDef = {
  name: 'pipeline_cursors',
  description:
    'Cursor history per pipeline scope (e.g. the last stored trading day per ticker), appended after each slice lands; the latest row per (pipeline, scope) is the cursor.',
  key: ['pipeline', 'scope', 'updated_at'],
  partitionField: 'updated_at',
  clustering: ['pipeline', 'scope'],
  columns: [
    { name: 'pipeline', type: 'STRING', required: true, description: 'Registry name of the pipeline.' },
    {
      name: 'scope',
      type: 'STRING',
      required: true,
      description: 'What the cursor is for within the pipeline, e.g. a ticker.',
    },
    { name: 'cursor', type: 'STRING', required: true, description: "The source's cursor as JSON text." },
    { name: 'run_id', type: 'STRING', required: true, description: 'Run that last advanced it.' },
    {
      name: 'updated_at',
      type: 'TIMESTAMP',
      required: true,
      description: 'When it was advanced (UTC); strictly increasing per writer.',
    },
  ],
};

/**
 * Slices of a backfill that finished (rows MERGEd and cursor advanced), appended one row each; a
 * slice finished twice (two runs racing) may appear twice, which is harmless. A rerun of the same
 * backfill skips them, so a crash half way resumes where it stopped.
 */
export const backfillSlices: TableDef = {
  name: 'backfill_slices',
  description: 'Finished slices of each backfill (per scope and date range); a rerun of the backfill skips them.',
  key: ['backfill_id', 'slice_id'],
  partitionField: 'finished_at',
  clustering: ['pipeline', 'backfill_id'],
  columns: [
    {
      name: 'backfill_id',
      type: 'STRING',
      required: true,
      description: "Identity of the backfill: the caller's id or <from>_<to>.",
    },
    {
      name: 'slice_id',
      type: 'STRING',
      required: true,
      description: 'Identity of the slice within it, e.g. AAPL:2023-01-01:2023-12-31.',
    },
    { name: 'pipeline', type: 'STRING', required: true, description: 'Registry name of the pipeline.' },
    { name: 'scope', type: 'STRING', required: true, description: 'Cursor scope of the slice, e.g. a ticker.' },
    { name: 'from_date', type: 'DATE', description: 'First day of the slice (inclusive).' },
    { name: 'to_date', type: 'DATE', description: 'Last day of the slice (inclusive).' },
    { name: 'run_id', type: 'STRING', required: true, description: 'Run that finished the slice.' },
    { name: 'records_valid', type: 'INT64', description: 'Rows the slice MERGEd.' },
    { name: 'finished_at', type: 'TIMESTAMP', required: true, description: 'When the slice was marked done (UTC).' },
  ],
};

/**
 * Columns the run ledger writes beyond tables.ts' `ingestion_runs` (ensureTables adds missing
 * nullable columns, so an existing table gains them in place).
 */
export const ingestionRunsExtraColumns: readonly ColumnDef[] = [
  {
    name: 'records_skipped',
    type: 'INT64',
    description:
      'Records deliberately dropped by normalize (e.g. no-trade days); records_in = valid + quarantined + skipped.',
  },
  { name: 'mode', type: 'STRING', description: 'incremental or backfill.' },
  {
    name: 'slices_total',
    type: 'INT64',
    description: 'Slices planned for the run (backfill: including those already done).',
  },
  { name: 'slices_failed', type: 'INT64', description: 'Slices that failed; their cursors did not advance.' },
  {
    name: 'slices_skipped',
    type: 'INT64',
    description: 'Backfill slices skipped because an earlier run finished them.',
  },
  {
    name: 'slices_deferred',
    type: 'INT64',
    description:
      'Slices not started because the run time budget (RUN_TIME_BUDGET_S) had ended; the next call does them. A run with any is partial.',
  },
  {
    name: 'failed_slices',
    type: 'JSON',
    description:
      'The failed slices, at most 50 in plan order: id, scope and error (class, message, retriable); slices_failed counts them all.',
  },
];

/**
 * `price_indicators`, the one definition of the indicators table: one row per
 * (ticker, trading date), recomputed in SQL from prices_daily for the tickers and dates a run
 * touched. Its indicator columns and their descriptions are shared/schemas/indicator-columns.ts's,
 * the same list the indicator SQL fills.
 */
export const priceIndicators: TableDef = {
  name: 'price_indicators',
  description:
    'Technical indicators per ticker and trading date, computed in SQL from prices_daily (adj_close based; row-based windows, ' +
    'NULL during warm-up). Recomputed for touched tickers from the first touched date.',
  key: ['ticker', 'date'],
  partitionField: 'date',
  clustering: ['ticker'],
  columns: [
    { name: 'ticker', type: 'STRING', required: true, description: 'Upper-case symbol, as in prices_daily.' },
    { name: 'date', type: 'DATE', required: true, description: "The exchange's trading date." },
    ...indicatorColumns().map(({ name, description }) => ({ name, type: 'FLOAT64' as const, description })),
    { name: 'computed_at', type: 'TIMESTAMP', required: true, description: 'When this row was computed (UTC).' },
  ],
};

/** The pipeline tables, in creation order. */
export const PIPELINE_TABLES: readonly TableDef[] = [pipelineCursors, backfillSlices, priceIndicators];
