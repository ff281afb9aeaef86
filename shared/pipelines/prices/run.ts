/**
 * The prices pipeline wired end to end: config -> runtime -> bound provider -> definition ->
 * run loop. What `functions/prices` and the CLI call.
 */
import type { Config } from '../../config/schema';
import type { PriceSourceHttpOptions } from '../../sources/prices/registry';
import { bindPriceSource } from './binding';
import { createPricesDefinition } from './definition';
import { pricesSettingsFrom } from './settings';
import { runBudgetFor } from '../loop/run-budget';
import { runPipeline } from '../loop/run';
import { withPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from '../runtime';
import type { RunDeps, RunRequest, RunSummary } from '../loop/types';

/** Hooks of one prices run: the run loop's, plus overrides of the provider's HTTP client (tests, tools). */
export type PricesRunHooks = Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'> & {
  /** e.g. `{ fetch, sleep }`; production passes none. */
  http?: PriceSourceHttpOptions;
};

/**
 * Runs the prices pipeline on an existing runtime (which stays open), against the provider that
 * the runtime's config selects (PRICES_PROVIDER).
 * @throws ConfigError when the settings are invalid or the provider's keys are missing.
 */
export function runPrices(
  runtime: PipelineRuntime,
  request: RunRequest,
  hooks: PricesRunHooks = {},
): Promise<RunSummary> {
  const { http, ...runHooks } = hooks;
  const settings = pricesSettingsFrom(runtime.config);
  const binding = bindPriceSource(settings, runtime.config, {
    log: runtime.log,
    now: runtime.now,
    ...(http === undefined ? {} : { http }),
  });
  const definition = createPricesDefinition(binding, settings);
  return runPipeline(definition, request, {
    lake: runtime.lake,
    warehouse: runtime.warehouse,
    log: runtime.log,
    now: runtime.now,
    concurrency: settings.concurrency,
    budget: runBudgetFor(runtime, definition.name),
    ...runHooks,
  });
}

/**
 * Builds a runtime from `config`, runs the prices pipeline once and closes the runtime. Rejects
 * only when the run cannot start (bad settings: ConfigError; warehouse unreachable: StorageError).
 * `options.fetch` / `options.sleep` reach the provider's HTTP client too.
 */
export async function runPricesFromConfig(
  config: Config,
  request: RunRequest,
  options: RuntimeOptions & Pick<RunDeps, 'onSliceCommitted'>,
): Promise<RunSummary> {
  const http: PriceSourceHttpOptions = {
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
  };
  return withPipelineRuntime(config, options, (runtime) =>
    runPrices(runtime, request, {
      http,
      ...(options.onSliceCommitted ? { onSliceCommitted: options.onSliceCommitted } : {}),
    }),
  );
}
