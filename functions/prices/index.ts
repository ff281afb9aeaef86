/**
 * `prices`: the HTTP Cloud Function that Cloud Scheduler (or a person) calls. Thin: the shared
 * run trigger parses the body, loads the config, runs the prices pipeline and answers with the
 * run summary (status codes: shared/pipelines/http-trigger.ts). Only POST starts a run (any other
 * method: 405, `Allow: POST`); a body over MAX_REQUEST_BODY_BYTES (1 MiB) is a 413 and malformed
 * JSON a JSON 400 (shared/pipelines/http-surface.ts).
 *
 * Body (JSON, all optional): `{ mode?: 'incremental'|'backfill', from?: 'YYYY-MM-DD',
 * to?: 'YYYY-MM-DD', tickers?: string[], runId?: string, backfillId?: string }`; an empty body is an
 * incremental run of the watchlist.
 */
import type { HttpFunction } from '@google-cloud/functions-framework';
import { createRunTrigger, parsePricesRequest, runPricesFromConfig, type TriggerOptions } from '../../shared/pipelines';
import { registerHttpFunction } from '../../shared/pipelines/http-surface';

/** Builds the handler; tests may pin the clock or the environment. */
export function createPricesHandler(options: TriggerOptions = {}): HttpFunction {
  return createRunTrigger(
    { name: 'prices', parse: (body, trigger) => parsePricesRequest(body, trigger), run: runPricesFromConfig },
    options,
  );
}

/** The deployed handler (entry point `prices` in the registry). */
export const pricesHandler = createPricesHandler();

registerHttpFunction('prices', pricesHandler);
