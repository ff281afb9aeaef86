/**
 * `productHunt`: the HTTP Cloud Function that Cloud Scheduler (or a person) calls. Thin: parse the
 * body, load the config, run the Product Hunt pipeline, answer with the run summary.
 *
 * Body (JSON, all optional): `{ postedAfter?: 'YYYY-MM-DD', runId?: string, backfillId?: string }`;
 * an empty body is a scheduled run over the lookback window (or the resume of a pass the
 * complexity budget stopped). Answers:
 * - 200 with the summary when the run succeeded or was partial, or failed terminally (retrying
 *   cannot help, and Cloud Scheduler retries every non-2xx);
 * - 500 with the summary when the whole run failed with a retriable error, so Scheduler retries;
 * - 400 naming every problem of a bad body; 500 when the run cannot start (no PRODUCT_HUNT_TOKEN:
 *   ConfigError; warehouse unreachable).
 */
import * as functions from '@google-cloud/functions-framework';
import type { HttpFunction } from '@google-cloud/functions-framework';
import { loadConfig, secretValues, type Env } from '../../shared/config';
import { isRetriable } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { parseProductHuntRequest, runProductHuntFromConfig } from '../../shared/pipelines';

/** What a test may inject; production passes nothing (real clock, process environment). */
export interface ProductHuntHandlerOptions {
  /** The run's clock: snapshot days, lake partitions and the lookback window derive from it. */
  now?: () => Date;
  /** The environment `loadConfig` reads; default the process environment. */
  env?: Env;
}

/** Builds the handler; exported so tests can register one with a pinned clock. */
export function createProductHuntHandler(options: ProductHuntHandlerOptions = {}): HttpFunction {
  const now = options.now ?? (() => new Date());
  return async (req, res) => {
    const today = now().toISOString().slice(0, 10);
    const parsed = parseProductHuntRequest(req.body, req.get('x-cloudscheduler') === 'true' ? 'schedule' : 'http', today);
    if (!parsed.ok) {
      res.status(400).json({ error: 'bad_request', problems: parsed.problems });
      return;
    }
    let log = createLogger({ level: 'info', format: 'json' });
    try {
      const config = options.env === undefined ? loadConfig() : loadConfig(options.env);
      log = createLogger({ level: config.log.level, format: config.log.format, secrets: secretValues(config) }).child({ function: 'productHunt' });
      const summary = await runProductHuntFromConfig(config, parsed.request, { log, now });
      const retry = summary.status === 'failed' && summary.error?.retriable === true;
      res.status(retry ? 500 : 200).json(summary);
    } catch (error) {
      // The run could not start (config, warehouse unreachable): the ledger may not have it, the log does.
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      log.error('product hunt run could not start', { error: { class: name, message } });
      res.status(500).json({ status: 'failed', error: { class: name, message, retriable: isRetriable(error) } });
    }
  };
}

/** The deployed handler (entry point `productHunt` in the registry). */
export const productHuntHandler = createProductHuntHandler();

functions.http('productHunt', productHuntHandler);
