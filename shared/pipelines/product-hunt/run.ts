/**
 * The Product Hunt pipeline wired end to end: config -> runtime -> source -> definition -> run
 * loop. What `functions/product-hunt` and the CLI call.
 */
import type { Config } from '../../config/schema';
import { ConfigError } from '../../errors';
import {
  createProductHuntSource,
  PRODUCT_HUNT_DEFAULT_BASE_URL,
  PRODUCT_HUNT_RATE_LIMIT,
  type ProductHuntSourceOptions,
} from '../../sources/producthunt';
import { bindSource } from '../loop/bound-source';
import { createProductHuntDefinition } from './definition';
import { runBudgetFor } from '../loop/run-budget';
import { runPipeline } from '../loop/run';
import { withPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from '../runtime';
import type { RunDeps, RunRequest, RunSummary } from '../loop/types';

/** The run hooks a caller may pass, plus the source's injectable waits (tests). */
export type ProductHuntHooks = Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'> & {
  source?: ProductHuntSourceOptions;
};

/**
 * Runs the Product Hunt pipeline on an existing runtime (which stays open).
 * @throws ConfigError before anything runs when PRODUCT_HUNT_TOKEN is not set.
 */
export function runProductHunt(
  runtime: PipelineRuntime,
  request: RunRequest,
  hooks: ProductHuntHooks = {},
): Promise<RunSummary> {
  const settings = runtime.config.productHunt;
  if (settings.token === undefined) {
    return Promise.reject(
      new ConfigError('PRODUCT_HUNT_TOKEN is not set: the Product Hunt pipeline needs a developer token', [
        'PRODUCT_HUNT_TOKEN is not set',
      ]),
    );
  }
  const { source: sourceOptions, ...runHooks } = hooks;
  const http = runtime.http({
    baseUrl: settings.baseUrl ?? PRODUCT_HUNT_DEFAULT_BASE_URL,
    rateLimit: PRODUCT_HUNT_RATE_LIMIT,
  });
  const definition = createProductHuntDefinition(
    bindSource(createProductHuntSource(sourceOptions), {
      http,
      log: runtime.log.child({ source: 'producthunt' }),
      now: runtime.now,
      config: {
        token: settings.token,
        pageSize: settings.pageSize,
        maxWaitMs: settings.maxWaitMs,
        reservePoints: settings.reservePoints,
        // The pager retries pages itself (the client is told not to), with the platform's count.
        maxRetries: runtime.config.http.maxRetries,
      },
    }),
    { lookbackDays: settings.lookbackDays },
  );
  const budget = runBudgetFor(runtime, definition.name);
  return runPipeline(definition, request, {
    lake: runtime.lake,
    warehouse: runtime.warehouse,
    log: runtime.log,
    now: runtime.now,
    concurrency: 1,
    budget,
    ...runHooks,
  });
}

/**
 * Builds a runtime from `config`, runs the Product Hunt pipeline once and closes the runtime.
 * Rejects only when the run cannot start (no token: ConfigError; warehouse unreachable: StorageError).
 */
export async function runProductHuntFromConfig(
  config: Config,
  request: RunRequest,
  options: RuntimeOptions & Pick<RunDeps, 'onSliceCommitted'>,
): Promise<RunSummary> {
  return withPipelineRuntime(config, options, (runtime) =>
    runProductHunt(runtime, request, options.onSliceCommitted ? { onSliceCommitted: options.onSliceCommitted } : {}),
  );
}
