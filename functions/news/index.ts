/**
 * `news`: the HTTP Cloud Function Cloud Scheduler calls every hour. Thin: the shared run trigger
 * parses the body, loads the config, runs the news pipeline and answers with the run summary
 * (status codes: shared/pipelines/http-trigger.ts).
 *
 * Body (JSON, all optional): `{ mode?: 'incremental', scopes?: ('watchlist'|'market')[], runId?: string }`;
 * an empty body runs every scope from its cursor minus the lag window. Without Alpaca keys the
 * pipeline falls back to Yahoo RSS (and logs so).
 */
import * as functions from '@google-cloud/functions-framework';
import { createRunTrigger, parseNewsRequest, runNewsFromConfig, type TriggerOptions } from '../../shared/pipelines';

/** Builds the handler; tests may pin the clock or the environment. */
export function createNewsHandler(options: TriggerOptions = {}): functions.HttpFunction {
  return createRunTrigger({ name: 'news', parse: (body, trigger) => parseNewsRequest(body, trigger), run: runNewsFromConfig }, options);
}

/** The deployed handler (entry point `news` in the registry). */
export const newsHandler = createNewsHandler();

functions.http('news', newsHandler);
