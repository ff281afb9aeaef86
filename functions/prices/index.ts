/**
 * `prices`: the HTTP Cloud Function that Cloud Scheduler (or a person) calls. Thin: the shared
 * run trigger parses the body, loads the config, runs the prices pipeline and answers with the
 * run summary (status codes: shared/pipelines/http-trigger.ts).
 *
 * Body (JSON, all optional): `{ mode?: 'incremental'|'backfill', from?: 'YYYY-MM-DD',
 * to?: 'YYYY-MM-DD', tickers?: string[], runId?: string, backfillId?: string }`; an empty body is an
 * incremental run of the watchlist.
 */
import * as functions from '@google-cloud/functions-framework';
import { createRunTrigger, parsePricesRequest, runPricesFromConfig, type TriggerOptions } from '../../shared/pipelines';

/** Builds the handler; tests may pin the clock or the environment. */
export function createPricesHandler(options: TriggerOptions = {}): functions.HttpFunction {
  return createRunTrigger({ name: 'prices', parse: (body, trigger) => parsePricesRequest(body, trigger), run: runPricesFromConfig }, options);
}

/** The deployed handler (entry point `prices` in the registry). */
export const pricesHandler = createPricesHandler();

functions.http('prices', pricesHandler);
