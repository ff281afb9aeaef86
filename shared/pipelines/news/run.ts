/**
 * The news pipeline wired end to end: config -> runtime -> bound source (Alpaca, or the RSS
 * fallback) -> definition -> run loop, over a warehouse that keeps the newest version of each
 * article. What `functions/news` and the CLI call.
 */
import type { Config } from '../../config/schema';
import { IngestError } from '../../errors';
import { createConfiguredNewsDefinition } from './binding';
import { newsSettingsFrom } from './settings';
import { guardNewsFreshness } from './freshness';
import { runBudgetFor } from '../loop/run-budget';
import { runPipeline } from '../loop/run';
import { withPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from '../runtime';
import type { RunDeps, RunRequest, RunSummary } from '../loop/types';

/**
 * Runs the news pipeline on an existing runtime (which stays open). Slices (one per scope) are
 * fetched one at a time: the scopes overlap, and Alpaca's rate limit is per account anyway.
 *
 * @throws ConfigError for bad news settings; IngestError (terminal) for a backfill request, which
 *   news does not have; otherwise as runPipeline (slice failures are in the summary, not thrown).
 */
export async function runNews(
  runtime: PipelineRuntime,
  request: RunRequest,
  hooks: Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'> = {},
): Promise<RunSummary> {
  if (request.mode !== 'incremental')
    throw new IngestError(`the news pipeline runs incrementally only (got mode '${request.mode}')`, {
      retriable: false,
    });
  const settings = newsSettingsFrom(runtime.config);
  const log = runtime.log.child({ pipeline: 'news' });
  const definition = createConfiguredNewsDefinition(settings, {
    http: runtime.http,
    log: runtime.log,
    now: runtime.now,
  });
  const guard = guardNewsFreshness(runtime.warehouse, log);
  const summary = await runPipeline(definition, request, {
    lake: runtime.lake,
    warehouse: guard.warehouse,
    log: runtime.log,
    now: runtime.now,
    concurrency: 1,
    budget: runBudgetFor(runtime, definition.name),
    ...hooks,
  });
  const { stale, repeated } = guard.stats();
  if (stale > 0)
    log.info('older article versions not written: the warehouse holds newer ones', {
      runId: summary.runId,
      stale,
      repeated,
    });
  return summary;
}

/**
 * Builds a runtime from `config`, runs the news pipeline once and closes the runtime. Rejects only
 * when the run cannot start (bad settings: ConfigError; warehouse unreachable: StorageError).
 */
export async function runNewsFromConfig(
  config: Config,
  request: RunRequest,
  options: RuntimeOptions & Pick<RunDeps, 'onSliceCommitted'>,
): Promise<RunSummary> {
  return withPipelineRuntime(config, options, (runtime) =>
    runNews(runtime, request, options.onSliceCommitted ? { onSliceCommitted: options.onSliceCommitted } : {}),
  );
}
