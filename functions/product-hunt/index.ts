/**
 * `productHunt`: the HTTP Cloud Function that Cloud Scheduler (or a person) calls. Thin: the
 * shared run trigger parses the body, loads the config, runs the Product Hunt pipeline and answers
 * with the run summary (status codes: shared/pipelines/http-trigger.ts; no PRODUCT_HUNT_TOKEN is a
 * 500 ConfigError). Only POST starts a run (any other method: 405, `Allow: POST`); a body over
 * MAX_REQUEST_BODY_BYTES (1 MiB) is a 413 and malformed JSON a JSON 400
 * (shared/pipelines/http-surface.ts).
 *
 * Body (JSON, all optional): `{ mode?, postedAfter?: 'YYYY-MM-DD', runId?: string, backfillId?: string }`;
 * an empty body is a scheduled run over the lookback window (or the resume of a pass the
 * complexity budget stopped).
 */
import type { HttpFunction } from '@google-cloud/functions-framework';
import {
  createRunTrigger,
  parseProductHuntRequest,
  runProductHuntFromConfig,
  type TriggerOptions,
} from '../../shared/pipelines';
import { registerHttpFunction } from '../../shared/pipelines/http-surface';

/** Builds the handler; tests pin the clock (snapshot days and the lookback derive from it). */
export function createProductHuntHandler(options: TriggerOptions = {}): HttpFunction {
  return createRunTrigger(
    {
      name: 'productHunt',
      parse: (body, trigger, { today }) => parseProductHuntRequest(body, trigger, today),
      run: runProductHuntFromConfig,
    },
    options,
  );
}

/** The deployed handler (entry point `productHunt` in the registry). */
export const productHuntHandler = createProductHuntHandler();

registerHttpFunction('productHunt', productHuntHandler);
