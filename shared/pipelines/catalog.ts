/**
 * Pipeline name -> the function that runs it in-process on a runtime. The registry (pure data)
 * says what runs where and when; this says how, for the callers that run a pipeline without HTTP
 * (the CLI, benches). A test checks every registry entry has a runner here.
 */
import { runPrices } from './prices';
import { runCrunchbase } from './crunchbase';
import { runNews } from './news';
import { runProductHunt } from './product-hunt';
import type { PipelineRuntime } from './runtime';
import type { RunDeps, RunRequest, RunSummary } from './loop/types';

/** The run hooks a caller may pass: test crash injection, run ids, progress for a bar. */
export type RunHooks = Pick<RunDeps, 'onSliceCommitted' | 'newRunId' | 'onProgress'>;

/** Runs one pipeline once on an open runtime (which stays open). */
export type PipelineRunner = (runtime: PipelineRuntime, request: RunRequest, hooks?: RunHooks) => Promise<RunSummary>;

/** Every runnable pipeline, by registry name. */
export const RUNNERS: Readonly<Record<string, PipelineRunner>> = {
  prices: runPrices,
  crunchbase: runCrunchbase,
  news: runNews,
  'product-hunt': runProductHunt,
};

/** The runner of `name`, or undefined for a name the catalog does not know. */
export function runnerFor(name: string): PipelineRunner | undefined {
  return Object.prototype.hasOwnProperty.call(RUNNERS, name) ? RUNNERS[name] : undefined;
}
