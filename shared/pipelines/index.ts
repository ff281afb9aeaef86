/**
 * shared/pipelines: the registry, the generic run loop (source -> lake -> validation -> quarantine
 * -> warehouse MERGE -> cursor -> ledger) and the pipeline definitions. The only layer that joins
 * sources to storage.
 */
export { PIPELINES, pipelineByName, type PipelineEntry, type PipelineFunction, type PipelineSchedule } from './registry';
export { runPipeline, defaultRunId, backfillIdOf } from './loop/run';
export { createPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from './runtime';
export { createCursorStore, type CursorStore } from './loop/cursor-store';
export { createRunLedger, ledgerRow, ledgerTable, type RunLedger } from './loop/run-ledger';
export { createBackfillStore, type BackfillStore } from './loop/backfill-store';
export { judgePage, assertBalanced, type PageVerdict, type RejectedRecord } from './loop/validate';
export { AccountingError, RunAbortedError, describeError } from './loop/errors';
export { runPrices, runPricesFromConfig } from './prices';
export { runCrunchbase, runCrunchbaseFromConfig, type CrunchbaseRunSummary, type FailedPermalink } from './crunchbase';
export { parseCrunchbaseRequest, crunchbaseRequestBody, type CrunchbaseRunRequest, type ParsedCrunchbaseRequest } from './definitions/crunchbase-request';
export { crunchbaseSettingsFrom, type CrunchbaseSettings } from './definitions/crunchbase-settings';
export { runNews, runNewsFromConfig } from './news';
export { parseNewsRequest, NewsRequestBody, type ParsedNewsRequest } from './news';
export { runProductHunt, runProductHuntFromConfig, type ProductHuntHooks } from './product-hunt';
export { parseProductHuntRequest, ProductHuntRequestBody, type ParsedProductHuntRequest } from './product-hunt';
export { createRunTrigger, type ParsedTrigger, type TriggerOptions, type TriggerRequest, type TriggerResponse, type TriggerSpec } from './http-trigger';
export { RUNNERS, runnerFor, type PipelineRunner, type RunHooks } from './catalog';
export { createPricesDefinition, recomputeIndicators, type PriceSourceBinding } from './prices';
export { parsePricesRequest, PricesRequestBody, type ParsedPricesRequest } from './prices';
export { parsePricesSettings, pricesSettingsFrom, pricesSection, DEFAULT_WATCHLIST, type PricesSettings } from './prices';
export type {
  PipelineDefinition,
  QuarantineRecord,
  RelatedRows,
  RunProgress,
  RunDeps,
  RunMode,
  RunRequest,
  RunSummary,
  RunTrigger,
  Slice,
  SliceOutcome,
  SliceReport,
  TouchedScopes,
  ValidationResult,
} from './loop/types';
