/**
 * `crunchbase`: the HTTP Cloud Function a person or a service calls to look organizations up on
 * Crunchbase (on demand; no schedule). Thin: load the config, parse the body, run the Crunchbase
 * pipeline, answer with the run summary.
 *
 * Body (JSON): `{ permalinks: string[], includeRecentRounds?: boolean, runId?: string }`, at most
 * CRUNCHBASE_MAX_PERMALINKS_PER_CALL distinct permalinks. Answers:
 * - 200 with the summary when the run succeeded, was partial (its `failedPermalinks` name each
 *   permalink that did not land and why, e.g. unknown to Crunchbase), or failed terminally;
 * - 500 with the summary when a run failed with a retriable error, so a retry can help;
 * - 400 `{ error: 'bad_request', message, problems }` naming every bad permalink (or the limit);
 * - 500 when the run cannot start (no CRUNCHBASE_API_KEY: ConfigError; warehouse unreachable).
 */
import * as functions from '@google-cloud/functions-framework';
import type { HttpFunction } from '@google-cloud/functions-framework';
import { loadConfig, secretValues, type Env } from '../../shared/config';
import { isRetriable } from '../../shared/errors';
import { createLogger, type Logger } from '../../shared/log';
import { parseCrunchbaseRequest, runCrunchbaseFromConfig } from '../../shared/pipelines';

/** What a test may inject; production passes nothing (real clock, process environment). */
export interface CrunchbaseHandlerOptions {
  now?: () => Date;
  /** The environment `loadConfig` reads; default the process environment. */
  env?: Env;
}

/** Builds the handler; exported so tests can register one with a pinned clock or environment. */
export function createCrunchbaseHandler(options: CrunchbaseHandlerOptions = {}): HttpFunction {
  const now = options.now ?? (() => new Date());
  return async (req, res) => {
    let log: Logger = createLogger({ level: 'info', format: 'json' });
    try {
      const config = options.env === undefined ? loadConfig() : loadConfig(options.env);
      log = createLogger({ level: config.log.level, format: config.log.format, secrets: secretValues(config) }).child({ function: 'crunchbase' });
      const parsed = parseCrunchbaseRequest(req.body, 'http', { maxPermalinksPerCall: config.crunchbase.maxPermalinksPerCall });
      if (!parsed.ok) {
        res.status(400).json({ error: 'bad_request', message: parsed.message, problems: parsed.problems });
        return;
      }
      const summary = await runCrunchbaseFromConfig(config, parsed.request, { log, now });
      const retry = [summary, summary.recentRounds].some((s) => s?.status === 'failed' && s.error?.retriable === true);
      res.status(retry ? 500 : 200).json(summary);
    } catch (error) {
      // The run could not start (config, warehouse unreachable): the ledger may not have it, the log does.
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      log.error('crunchbase run could not start', { error: { class: name, message } });
      res.status(500).json({ status: 'failed', error: { class: name, message, retriable: isRetriable(error) } });
    }
  };
}

/** The deployed handler (entry point `crunchbase` in the registry). */
export const crunchbaseHandler = createCrunchbaseHandler();

functions.http('crunchbase', crunchbaseHandler);
