/**
 * What the generic run loop (run.ts) works with: a run request, the slices a definition plans, the
 * definition itself (a bound source -> table), the dependencies, and the summary it answers with.
 * The words are those of [the run loop's glossary](../../../docs/architecture.md#the-run-loops-words).
 */
import type { Lake } from '../../lake/types';
import type { Logger } from '../../log/types';
import type { ValidationIssue } from '../../schemas/quarantine';
import type { Normalized, RawPage } from '../../sources/types';
import type { MergeResult, TableDef, Warehouse, WarehouseRow } from '../../warehouse/types';
import type { BoundSource } from './bound-source';

/** A date range, both ends 'YYYY-MM-DD' and inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/** A thrown value as the ledger records it: class name, message, whether a retry may succeed. */
export interface ErrorSummary {
  class: string;
  message: string;
  retriable: boolean;
}

/** Records of a run: read (`in`) = valid + quarantined + skipped. */
export interface RecordCounts {
  in: number;
  valid: number;
  quarantined: number;
  skipped: number;
}

/** What one slice read: its pages and records (recordsIn = valid + quarantined + skipped). */
export interface SliceCounts {
  recordsIn: number;
  valid: number;
  quarantined: number;
  skipped: number;
  pages: number;
}

/** `incremental`: from each scope's cursor (minus a lag window); `backfill`: an explicit date range. */
export type RunMode = 'incremental' | 'backfill';

/** What asked for the run, as recorded in the ledger. */
export type RunTrigger = 'schedule' | 'http' | 'cli' | 'manual';

/** One request to run a pipeline. Dates are 'YYYY-MM-DD' (inclusive). */
export interface RunRequest {
  mode: RunMode;
  trigger: RunTrigger;
  /** Backfill: first day (default the pipeline's configured start). Incremental: ignored. */
  from?: string;
  /** Backfill: last day (default today). */
  to?: string;
  /** Restrict the run to these scopes (tickers); default the pipeline's configured set. */
  scopes?: readonly string[];
  /** Run id; generated when omitted. Lake object names derive from it, so a retry with the same id overwrites. */
  runId?: string;
  /** Backfill identity; default `<from>_<to>`. Slices done under this id are skipped. */
  backfillId?: string;
}

/** One unit of work: a cursor handed to `source.pages`, whose success advances one scope's cursor. */
export interface Slice<Cursor> {
  /** Stable identity within a backfill ('AAPL:2023-01-01:2023-12-31'); also names the slice in logs. */
  id: string;
  /** The cursor scope it advances (e.g. the ticker). */
  scope: string;
  /** What to fetch. */
  cursor: Cursor;
  /** Date range of the slice, recorded in `backfill_slices`. */
  from?: string;
  to?: string;
}

/** A record rejected by validation, as written to `quarantine/` (one JSON line each). */
export interface QuarantineRecord {
  runId: string;
  source: string;
  sliceId: string;
  /** The raw object it came from. */
  rawKey: string;
  /** Where in the page ('' for the whole page when its shape was wrong). */
  path: string;
  record: unknown;
  issues: ValidationIssue[];
  quarantinedAt: string;
}

/** The verdict of a definition's validation on one page's candidate rows. */
export interface ValidationResult<Clean> {
  /** Rows ready for the lake and the warehouse. */
  valid: Clean[];
  /** Rejected candidates by their index in the input, with every reason. */
  rejected: { index: number; record: unknown; issues: ValidationIssue[] }[];
}

/** A rejected record with the run's metadata, before the lake writer adds the raw object's key. */
export type QuarantineDraft = Omit<QuarantineRecord, 'rawKey'>;

/** What a definition sees about a slice once it has landed, to plan follow-up work. */
export interface SliceOutcome<Cursor, Row> {
  slice: Slice<Cursor>;
  /** The cursor stored before the slice ran (undefined: never run). */
  before: Cursor | undefined;
  /** Normalized output of each page, in order (sources may return extras such as splits). */
  pages: { page: RawPage; normalized: Normalized<Row> }[];
}

/**
 * Rows for a table other than the definition's main one, derived from one page (Product Hunt's
 * vote snapshots, news_tickers of articles, funding rounds of an organization). They are written
 * to the clean lake and MERGEd after the page's main rows; `rejected` go to the quarantine file
 * (counted apart from the main records' accounting).
 */
export interface RelatedRows {
  table: TableDef;
  rows: WarehouseRow[];
  rejected?: { path: string; record: unknown; issues: ValidationIssue[] }[];
}

/** Progress of a run, reported after every slice ends (succeeded, failed or skipped). */
export interface RunProgress {
  /** Slices ended so far. */
  done: number;
  /** Slices known so far (planned plus follow-ups); grows when follow-ups are planned. */
  total: number;
  /** Valid records so far. */
  valid: number;
  /** The slice that just ended. */
  report: SliceReport;
}

/** The partition days a run wrote per scope: what downstream recomputes (indicators) need. */
export type TouchedScopes = ReadonlyMap<string, DayRange>;

/**
 * A pipeline: one source into one table, plus the planning and follow-up that make it a product.
 * Everything but `afterRun` is pure; the run loop does every I/O itself. `Row` is what the source
 * normalizes to, `Clean` what validation lets through; the source's wire shape and config stay
 * inside its binding (bound-source.ts).
 */
export interface PipelineDefinition<Cursor, Row, Clean extends Row> {
  readonly name: string;
  /** The source with its context (bindSource). */
  readonly source: BoundSource<Cursor, Row>;
  /** The table valid rows MERGE into, on `table.key`. */
  readonly table: TableDef;
  /** Every table the pipeline needs (created once per run, idempotently). */
  readonly tables: readonly TableDef[];
  /** Today's date 'YYYY-MM-DD' where the data lives (prices: New York), from the run's clock. */
  today(now: Date): string;
  /** Fills the request's defaults (backfill from/to, scopes) so the ledger and backfill id see them. Pure. */
  resolve(request: RunRequest, today: string): RunRequest;
  /** The slices of a run, given the stored cursors by scope. Pure. */
  plan(request: RunRequest, cursors: ReadonlyMap<string, Cursor>, today: string): Slice<Cursor>[];
  /** Contract + sanity rules over one page's candidates; valid.length + rejected.length === rows.length. */
  validate(rows: readonly Row[], today: string): ValidationResult<Clean>;
  /**
   * The warehouse row of a valid row (adds ingestion metadata). Its `table.partitionField` value
   * is the `dt=` of its clean Parquet file and, with the slice's scope, what the run "touched".
   */
  toWarehouseRow(row: Clean, ingestedAt: string): WarehouseRow;
  /** The cursor to store after a slice: combines the stored one with the slice's `nextCursor`. Pure. */
  advance(stored: Cursor | undefined, next: Cursor): Cursor;
  /**
   * Rows for related tables (listed in `tables`) derived from one page's normalized output and its
   * valid main rows, MERGEd after them. Pure.
   */
  related?(
    page: { normalized: Normalized<Row>; valid: readonly Clean[] },
    ingestedAt: string,
    today: string,
  ): RelatedRows[];
  /**
   * The cursor to store when a slice FAILS part way with `error` (e.g. a rate-limit stop carrying
   * the provider's page cursor), so the next run resumes there; undefined leaves the cursor alone.
   * Pure; the stored value is still combined through `advance`.
   */
  resumeCursor?(error: unknown, slice: Slice<Cursor>): Cursor | undefined;
  /** Extra slices to run after one landed (e.g. a split means re-fetching that ticker's history). */
  followUp?(outcome: SliceOutcome<Cursor, Row>, today: string): Slice<Cursor>[];
  /** Work after every slice (e.g. indicators for the touched scopes). Its failure marks the run partial. */
  afterRun?(touched: TouchedScopes, deps: { warehouse: Warehouse; log: Logger; now: () => Date }): Promise<void>;
}

/** A started time budget (run-budget.ts), on the run clock (RunDeps.now). */
export interface RunBudget {
  /** Its length in seconds. */
  readonly seconds: number;
  /** When it ends, in ms since the epoch: a slice may start only before this instant. */
  readonly endsAtMs: number;
}

/** What the loop needs from the outside world. */
export interface RunDeps {
  lake: Lake;
  warehouse: Warehouse;
  log: Logger;
  now: () => Date;
  /** Slices processed at once (default 4). */
  concurrency?: number;
  /** Generates run ids; default time + random. */
  newRunId?: () => string;
  /** Called after every slice ends, for progress bars (the CLI); must not throw. */
  onProgress?: (progress: RunProgress) => void;
  /** Test hook: called after each slice has been committed; a throw here stops the run (simulated crash). */
  onSliceCommitted?: (slice: Slice<unknown>, committed: number) => void | Promise<void>;
  /**
   * The call's time budget (run-budget.ts' runBudgetFor): no slice starts once it has ended, on
   * the `now` clock. Undefined: the registry's budget for the pipeline, started when the run
   * starts (none for a pipeline the registry does not know).
   */
  budget?: RunBudget;
}

/**
 * How one slice ended. `skipped`: an earlier run of the backfill finished it; `deferred`: not
 * started because the run's time budget had ended (the next call does it).
 */
export interface SliceReport extends SliceCounts {
  id: string;
  scope: string;
  status: 'succeeded' | 'failed' | 'skipped' | 'deferred';
  error?: ErrorSummary;
}

/** The run summary (the HTTP answer and the ledger row's content). */
export interface RunSummary {
  runId: string;
  pipeline: string;
  mode: RunMode;
  trigger: RunTrigger;
  backfillId?: string;
  status: 'succeeded' | 'partial' | 'failed';
  startedAt: string;
  finishedAt: string;
  records: RecordCounts;
  /** Rows MERGEd into the main table. */
  merged: MergeResult;
  /** Rows MERGEd per table, the main one and every related one. */
  mergedByTable: Record<string, MergeResult>;
  slices: { total: number; succeeded: number; failed: number; skipped: number; deferred: number };
  cursorBefore: Record<string, unknown>;
  cursorAfter: Record<string, unknown>;
  error?: ErrorSummary;
  /**
   * Set when the run stopped starting slices because its time budget ended: more remains
   * (`slices.deferred` of them, each a `deferred` slice report), and `next` says how it goes on.
   * The run is then `partial` (or `failed` if every slice it started failed); not an error.
   */
  resume?: RunResume;
  sliceReports: SliceReport[];
}

/** What a run that stopped on its time budget left, and how the next call goes on. */
export interface RunResume {
  reason: 'time_budget';
  /** The budget that ended, in seconds. */
  budgetS: number;
  /** Slices not started (= slices.deferred). */
  slicesLeft: number;
  /** One sentence for people: what continues the work. */
  next: string;
}
