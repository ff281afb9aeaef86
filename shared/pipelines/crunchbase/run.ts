/**
 * Runs the Crunchbase pipeline: the named organizations (one slice per permalink, with the rounds
 * of their cards), then, when asked, the recent-rounds search, each as its own run of the generic
 * loop under pipeline name 'crunchbase' (two ledger rows: `<runId>` and `<runId>-rounds`).
 */
import type { Config } from '../../config/schema';
import { checkPermalinks, CRUNCHBASE_RATE_LIMIT, type CrunchbaseSourceConfig } from '../../sources/crunchbase';
import type { SourceContext } from '../../sources/types';
import { createCrunchbaseFundingRoundsDefinition } from './funding-rounds';
import { createCrunchbaseOrganizationsDefinition, CRUNCHBASE_PIPELINE } from './organizations';
import type { CrunchbaseRunRequest } from './request';
import { crunchbaseSettingsFrom } from './settings';
import { createRunLedger } from '../loop/run-ledger';
import { defaultRunId, runPipeline } from '../loop/run';
import { runBudgetFor } from '../loop/run-budget';
import { withPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from '../runtime';
import type { ErrorSummary, RunDeps, RunSummary } from '../loop/types';

/** One permalink that did not land, and why (the error of its slice). */
export interface FailedPermalink extends ErrorSummary {
  permalink: string;
}

/**
 * The answer of a Crunchbase run: the organizations run's summary (its ledger row's content), the
 * permalinks whose slice failed, and the recent-rounds run's own summary when it ran.
 */
export interface CrunchbaseRunSummary extends RunSummary {
  failedPermalinks: FailedPermalink[];
  recentRounds?: RunSummary;
}

const SLICE_CONCURRENCY = 4;

/**
 * Runs the pipeline on an existing runtime (which stays open) for `request.scopes` (permalinks),
 * plus the recent-rounds search when `request.includeRecentRounds`. Slice failures (an unknown
 * permalink, a provider error) are in the summary, not thrown.
 * @throws ConfigError without CRUNCHBASE_API_KEY; RangeError for bad, missing or too many
 *   permalinks (the HTTP entry point answers 400 before getting here). Nothing is recorded then.
 */
export async function runCrunchbase(
  runtime: PipelineRuntime,
  request: CrunchbaseRunRequest,
  hooks: Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'> = {},
): Promise<CrunchbaseRunSummary> {
  const settings = crunchbaseSettingsFrom(runtime.config);
  const check = checkPermalinks(request.scopes ?? [], { max: settings.maxPermalinksPerCall });
  if (!check.ok) throw new RangeError(`crunchbase runs on demand for named organizations: ${check.message}`);
  // One client, so organizations and the search share the 200 calls/minute budget of the key.
  const http = runtime.http({ baseUrl: settings.baseUrl, rateLimit: CRUNCHBASE_RATE_LIMIT });
  const context: SourceContext<CrunchbaseSourceConfig> = {
    http,
    log: runtime.log.child({ source: 'crunchbase' }),
    now: runtime.now,
    config: {
      apiKey: settings.apiKey,
      pageSize: settings.pageSize,
      maxPermalinksPerCall: settings.maxPermalinksPerCall,
    },
  };
  // One budget for both runs of the call, so the call as a whole stays within it.
  const budget = runBudgetFor(runtime, CRUNCHBASE_PIPELINE);
  const deps: RunDeps = {
    lake: runtime.lake,
    warehouse: runtime.warehouse,
    log: runtime.log,
    now: runtime.now,
    concurrency: SLICE_CONCURRENCY,
    budget,
    ...hooks,
  };
  const runId = request.runId ?? hooks.newRunId?.() ?? defaultRunId(CRUNCHBASE_PIPELINE, runtime.now());
  const organizations = await runPipeline(
    createCrunchbaseOrganizationsDefinition(context),
    { ...request, scopes: check.permalinks, runId },
    deps,
  );
  const failedPermalinks = organizations.sliceReports.flatMap((r) =>
    r.status === 'failed' && r.error !== undefined ? [{ permalink: r.scope, ...r.error }] : [],
  );
  let summary: CrunchbaseRunSummary = { ...organizations, failedPermalinks };
  if (failedPermalinks.length > 1) summary = await nameEveryFailure(runtime, summary);
  if (request.includeRecentRounds !== true) return summary;
  const recentRounds = await runPipeline(
    createCrunchbaseFundingRoundsDefinition(context, settings),
    { ...request, runId: `${runId}-rounds` },
    deps,
  );
  return { ...summary, recentRounds };
}

/**
 * The run loop's ledger keeps the first failed slice's error only; with several failed permalinks
 * the row is rewritten (same run_id, an idempotent MERGE) with one message naming each, so the
 * ledger says which organizations failed and why, as the answer does.
 */
async function nameEveryFailure(
  runtime: PipelineRuntime,
  summary: CrunchbaseRunSummary,
): Promise<CrunchbaseRunSummary> {
  const failed = summary.failedPermalinks;
  const message =
    `${failed.length} organizations failed: ${failed.map((f) => `${f.permalink} (${f.class}: ${f.message})`).join('; ')}`.slice(
      0,
      2000,
    );
  const error = {
    class: summary.error?.class ?? failed[0]!.class,
    message,
    retriable: failed.some((f) => f.retriable),
  };
  const named = { ...summary, error };
  await createRunLedger(runtime.warehouse).finish(named);
  return named;
}

/**
 * Builds a runtime from `config`, runs once and closes the runtime. Rejects only when the run
 * cannot start (ConfigError: no API key; RangeError: bad permalinks; StorageError: warehouse).
 */
export async function runCrunchbaseFromConfig(
  config: Config,
  request: CrunchbaseRunRequest,
  options: RuntimeOptions & Pick<RunDeps, 'onSliceCommitted'>,
): Promise<CrunchbaseRunSummary> {
  crunchbaseSettingsFrom(config);
  return withPipelineRuntime(config, options, (runtime) =>
    runCrunchbase(runtime, request, options.onSliceCommitted ? { onSliceCommitted: options.onSliceCommitted } : {}),
  );
}
