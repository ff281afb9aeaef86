/**
 * `run <pipeline>` and `backfill <pipeline>`: the pipeline runs in this process through the
 * catalog's runner on a runtime built from the config, exactly as its function would run it, and
 * the run summary is printed (text, or the JSON the function answers with under `--json`).
 */
import { createPipelineRuntime } from '../../pipelines/runtime';
import type { RunRequest } from '../../pipelines/loop/types';
import type { CliContext } from '../context';
import { createProgressBar } from '../progress';
import { runVerdict, summaryText } from '../summary-text';
import { checkRange, parseDate, parseList, pipelineRunner } from '../usage';
import { ensureWarehouseFolder } from '../warehouse';

/** Options of both commands, as commander hands them over. */
export interface RunOptions {
  from?: string;
  to?: string;
  tickers?: string;
  backfillId?: string;
  json?: boolean;
  /** `--no-progress` sets false; backfill only. */
  progress?: boolean;
}

/** The request of a command line; throws UsageError for a bad date, list or range. */
export function runRequestOf(mode: RunRequest['mode'], options: RunOptions): RunRequest {
  const from = options.from === undefined ? undefined : parseDate(options.from, '--from');
  const to = options.to === undefined ? undefined : parseDate(options.to, '--to');
  checkRange(from, to);
  return {
    mode,
    trigger: 'cli',
    ...(from === undefined ? {} : { from }),
    ...(to === undefined ? {} : { to }),
    ...(options.tickers === undefined ? {} : { scopes: parseList(options.tickers, '--tickers') }),
    ...(options.backfillId === undefined ? {} : { backfillId: options.backfillId }),
  };
}

/**
 * Parses the command line BEFORE any config is read (usage errors first), then runs. Resolves to
 * the exit code: 0 succeeded, 1 partial or failed (the verdict says which on stderr).
 */
export function prepareRun(
  pipeline: string,
  mode: RunRequest['mode'],
  options: RunOptions,
): (ctx: CliContext) => Promise<number> {
  const runner = pipelineRunner(pipeline);
  const request = runRequestOf(mode, options);
  return async (ctx) => {
    const showBar = mode === 'backfill' && options.progress !== false;
    const bar = showBar ? createProgressBar(ctx.io.stderr, `${pipeline} ${mode}`) : undefined;
    ensureWarehouseFolder(ctx.config);
    const runtime = await createPipelineRuntime(ctx.config, { log: ctx.log, now: ctx.now });
    let summary;
    try {
      summary = await runner(runtime, request, bar ? { onProgress: (progress) => bar.update(progress) } : {});
    } finally {
      bar?.stop();
      await runtime.close();
    }
    ctx.io.stdout.write(options.json ? `${JSON.stringify(summary)}\n` : summaryText(summary));
    const verdict = runVerdict(summary);
    if (verdict.message) ctx.io.stderr.write(`${verdict.message}\n`);
    return verdict.code;
  };
}
