/**
 * `news`: the HTTP Cloud Function Cloud Scheduler calls every hour. Thin: the shared run trigger
 * parses the body, loads the config, runs the news pipeline and answers with the run summary
 * (status codes: shared/pipelines/http-trigger.ts). Only POST starts a run (any other method: 405,
 * `Allow: POST`); a body over MAX_REQUEST_BODY_BYTES (1 MiB) is a 413 and malformed JSON a JSON 400
 * (shared/pipelines/http-surface.ts).
 *
 * Body (JSON, all optional): `{ mode?: 'incremental', scopes?: ('watchlist'|'market')[], runId?: string }`;
 * an empty body runs every scope from its cursor minus the lag window. Without Alpaca keys the
 * pipeline falls back to Yahoo RSS (and logs so).
 */
import type { HttpFunction } from '@google-cloud/functions-framework';
import { createRunTrigger, parseNewsRequest, runNewsFromConfig, type TriggerOptions } from '../../shared/pipelines';
import { registerHttpFunction } from '../../shared/pipelines/http-surface';

/** Builds the handler; tests may pin the clock or the environment. */
export function createNewsHandler(options: TriggerOptions = {}): HttpFunction {
  return createRunTrigger(
    { name: 'news', parse: (body, trigger) => parseNewsRequest(body, trigger), run: runNewsFromConfig },
    options,
  );
}

/** The deployed handler (entry point `news` in the registry). */
export const newsHandler = createNewsHandler();

registerHttpFunction('news', newsHandler);
