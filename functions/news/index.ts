/**
 * `news`: the HTTP Cloud Function Cloud Scheduler calls every hour. Thin: parse the body, load the
 * config, run the news pipeline, answer with the run summary.
 *
 * Body (JSON, all optional): `{ mode?: 'incremental', scopes?: ('watchlist'|'market')[], runId?: string }`;
 * an empty body runs every scope from its cursor minus the lag window. Without Alpaca keys the
 * pipeline falls back to Yahoo RSS (and logs so). Answers:
 * - 200 with the summary when the run succeeded or was partial, or failed terminally (retrying
 *   cannot help, and Cloud Scheduler retries every non-2xx);
 * - 500 with the summary when the whole run failed with a retriable error, so Scheduler retries;
 * - 400 naming every problem of a bad body; 500 for a bad configuration (ConfigError).
 */
import * as functions from '@google-cloud/functions-framework';
import type { Request, Response } from '@google-cloud/functions-framework';
import { loadConfig, secretValues } from '../../shared/config';
import { isRetriable } from '../../shared/errors';
import { createLogger } from '../../shared/log';
import { parseNewsRequest, runNewsFromConfig } from '../../shared/pipelines';

/**
 * The handler, exported for tests that call it without the framework. `loadConfig()` reads the
 * environment (only shared/config does).
 */
export async function newsHandler(req: Request, res: Response): Promise<void> {
  const parsed = parseNewsRequest(req.body, req.get('x-cloudscheduler') === 'true' ? 'schedule' : 'http');
  if (!parsed.ok) {
    res.status(400).json({ error: 'bad_request', problems: parsed.problems });
    return;
  }
  let log = createLogger({ level: 'info', format: 'json' });
  try {
    const config = loadConfig();
    log = createLogger({ level: config.log.level, format: config.log.format, secrets: secretValues(config) }).child({ function: 'news' });
    const summary = await runNewsFromConfig(config, parsed.request, { log });
    const retry = summary.status === 'failed' && summary.error?.retriable === true;
    res.status(retry ? 500 : 200).json(summary);
  } catch (error) {
    // The run could not start (config, warehouse unreachable): the ledger may not have it, the log does.
    const name = error instanceof Error ? error.name : typeof error;
    const message = error instanceof Error ? error.message : String(error);
    log.error('news run could not start', { error: { class: name, message } });
    res.status(500).json({ status: 'failed', error: { class: name, message, retriable: isRetriable(error) } });
  }
}

functions.http('news', newsHandler);
