/**
 * shared/pipelines: the registry (pure data, what runs where and when), the run loop in `loop/`
 * (source -> lake -> validation -> quarantine -> warehouse MERGE -> cursor -> ledger), one folder
 * per pipeline (`prices/`, `news/`, `product-hunt/`, `crunchbase/`: definition, settings, request,
 * binding, run) and the wiring at this level (runtime, catalog, HTTP trigger). The only layer that
 * joins sources to storage.
 */
export {
  PIPELINES,
  pipelineByName,
  type PipelineEntry,
  type PipelineFunction,
  type PipelineSchedule,
} from './registry';
export { runPipeline, defaultRunId, backfillIdOf } from './loop/run';
export { createPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from './runtime';
export { createCursorStore, type CursorStore } from './loop/cursor-store';
export { createRunLedger, ledgerRow, ledgerTable, type RunLedger } from './loop/run-ledger';
export { createBackfillStore, type BackfillStore } from './loop/backfill-store';
export { judgePage, assertBalanced, type PageVerdict, type RejectedRecord } from './loop/validate';
export { AccountingError, RunAbortedError, describeError } from './loop/errors';
export {
  runPrices,
  runPricesFromConfig,
  createPricesDefinition,
  recomputeIndicators,
  type PriceSourceBinding,
  parsePricesRequest,
  PricesRequestBody,
  type ParsedPricesRequest,
  parsePricesSettings,
  pricesSettingsFrom,
  pricesSection,
  DEFAULT_WATCHLIST,
  type PricesSettings,
} from './prices';
export {
  runCrunchbase,
  runCrunchbaseFromConfig,
  type CrunchbaseRunSummary,
  type FailedPermalink,
  parseCrunchbaseRequest,
  crunchbaseRequestBody,
  type CrunchbaseRunRequest,
  type ParsedCrunchbaseRequest,
  crunchbaseSettingsFrom,
  type CrunchbaseSettings,
} from './crunchbase';
export { runNews, runNewsFromConfig, parseNewsRequest, NewsRequestBody, type ParsedNewsRequest } from './news';
export {
  runProductHunt,
  runProductHuntFromConfig,
  type ProductHuntHooks,
  parseProductHuntRequest,
  ProductHuntRequestBody,
  type ParsedProductHuntRequest,
} from './product-hunt';
export {
  createRunTrigger,
  type ParsedTrigger,
  type TriggerOptions,
  type TriggerRequest,
  type TriggerResponse,
  type TriggerSpec,
} from './http-trigger';
export { RUNNERS, runnerFor, type PipelineRunner, type RunHooks } from './catalog';
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
