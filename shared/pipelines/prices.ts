/**
 * The prices pipeline wired end to end: config -> runtime -> bound provider -> definition ->
 * run loop. What `functions/prices` and the CLI call.
 */
import type { Config } from '../config/schema';
import { bindPriceSource } from './definitions/price-sources';
import { createPricesDefinition } from './definitions/prices';
import { pricesSettingsFrom } from './definitions/prices-settings';
import { runPipeline } from './run';
import { createPipelineRuntime, type PipelineRuntime, type RuntimeOptions } from './runtime';
import type { RunDeps, RunRequest, RunSummary } from './types';

/** Runs the prices pipeline on an existing runtime (which stays open). */
export function runPrices(runtime: PipelineRuntime, request: RunRequest, hooks: Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'> = {}): Promise<RunSummary> {
  const settings = pricesSettingsFrom(runtime.config);
  const binding = bindPriceSource(settings, { http: runtime.http, log: runtime.log, now: runtime.now });
  const definition = createPricesDefinition(binding, settings);
  return runPipeline(definition, request, {
    lake: runtime.lake,
    warehouse: runtime.warehouse,
    log: runtime.log,
    now: runtime.now,
    concurrency: settings.concurrency,
    ...hooks,
  });
}

/**
 * Builds a runtime from `config`, runs the prices pipeline once and closes the runtime. Rejects
 * only when the run cannot start (bad settings: ConfigError; warehouse unreachable: StorageError).
 */
export async function runPricesFromConfig(config: Config, request: RunRequest, options: RuntimeOptions & Pick<RunDeps, 'onSliceCommitted'>): Promise<RunSummary> {
  const runtime = await createPipelineRuntime(config, options);
  try {
    return await runPrices(runtime, request, options.onSliceCommitted ? { onSliceCommitted: options.onSliceCommitted } : {});
  } finally {
    await runtime.close();
  }
}

