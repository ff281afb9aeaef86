/**
 * `crunchbase`: the HTTP Cloud Function a person or a service calls to look organizations up on
 * Crunchbase (on demand; no schedule). Thin: the shared run trigger loads the config, parses the
 * body, runs the Crunchbase pipeline and answers with the run summary (status codes:
 * shared/pipelines/http-trigger.ts). A partial answer's `failedPermalinks` names each permalink
 * that did not land and why; a 400 names every bad permalink (or the limit). Only POST starts a
 * run (any other method: 405, `Allow: POST`); a body over MAX_REQUEST_BODY_BYTES (1 MiB) is a 413
 * and malformed JSON a JSON 400 (shared/pipelines/http-surface.ts).
 *
 * Body (JSON): `{ permalinks: string[], includeRecentRounds?: boolean, runId?: string }`, at most
 * CRUNCHBASE_MAX_PERMALINKS_PER_CALL distinct permalinks.
 */
import type { HttpFunction } from '@google-cloud/functions-framework';
import {
  createRunTrigger,
  parseCrunchbaseRequest,
  runCrunchbaseFromConfig,
  type TriggerOptions,
} from '../../shared/pipelines';
import { registerHttpFunction } from '../../shared/pipelines/http-surface';

/** Builds the handler; tests may pin the clock or the environment. */
export function createCrunchbaseHandler(options: TriggerOptions = {}): HttpFunction {
  return createRunTrigger(
    {
      name: 'crunchbase',
      parse: (body, trigger, { config }) =>
        parseCrunchbaseRequest(body, trigger, { maxPermalinksPerCall: config.crunchbase.maxPermalinksPerCall }),
      run: runCrunchbaseFromConfig,
      // The recent-rounds search is a run of its own: its retriable failure is worth a retry too.
      runsOf: (summary) => [summary, summary.recentRounds],
    },
    options,
  );
}

/** The deployed handler (entry point `crunchbase` in the registry). */
export const crunchbaseHandler = createCrunchbaseHandler();

registerHttpFunction('crunchbase', crunchbaseHandler);
