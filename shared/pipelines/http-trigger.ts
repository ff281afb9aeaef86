/**
 * The one HTTP trigger every pipeline function shares (functions/<pipeline>/index.ts stays a
 * one-liner): load the config, parse the body, run, answer with the summary.
 *
 * Answers:
 * - 405 `{ error: 'method_not_allowed', message }` with `Allow: POST` to any method but POST (HEAD:
 *   no body): only POST starts a run, so a crawler's, a link preview's or a browser's GET starts
 *   nothing; checked before the configuration is loaded;
 * - 200 with the summary when the run succeeded or was partial, or failed terminally (retrying
 *   cannot help, and Cloud Scheduler retries every non-2xx). A run its time budget stopped is
 *   partial: 200, with `slices.deferred` and `resume` saying more remains and what goes on with it
 *   (the next scheduled call does; an immediate retry is not needed);
 * - 500 with the summary when a run failed with a retriable error, so Scheduler retries;
 * - 400 `{ error: 'bad_request', problems, message? }` naming every problem of a bad body;
 * - 500 `{ status: 'failed', error }` when the run cannot start (bad configuration: ConfigError;
 *   warehouse unreachable: StorageError). The ledger may not have such a run; the log does.
 *
 * What functions-framework refuses before this handler runs (a body over MAX_REQUEST_BODY_BYTES:
 * 413; malformed JSON: 400 of the same shape) is answered by http-surface.ts.
 *
 * Request and response are typed structurally (the functions-framework's Express objects satisfy
 * them), so this layer does not depend on the framework.
 */
import { loadConfig, secretValues, type Config, type Env } from '../config';
import { isRetriable } from '../errors';
import { createLogger, type Logger } from '../log';
import type { ValidationIssue } from '../schemas/quarantine';
import type { RunRequest, RunSummary, RunTrigger } from './loop/types';

/** The part of an HTTP request a trigger reads. */
export interface TriggerRequest {
  /** The HTTP method, upper case (node's `IncomingMessage.method`). */
  method: string;
  body?: unknown;
  get(header: string): string | undefined;
}

/** The part of an HTTP response a trigger writes. */
export interface TriggerResponse {
  status(code: number): { json(body: unknown): unknown; end(): unknown };
  setHeader(name: string, value: string): unknown;
}

/** The one method that starts a run. */
const RUN_METHOD = 'POST';

/** A parsed body: the run request, or every problem (with an optional one-line message). */
export type ParsedTrigger<Request extends RunRequest> =
  { ok: true; request: Request } | { ok: false; problems: ValidationIssue[]; message?: string };

/** What differs between pipelines. */
export interface TriggerSpec<Request extends RunRequest, Summary extends RunSummary> {
  /** The function's name, as in the logs. */
  name: string;
  /** Pure body parser; `today` is the run clock's UTC date. */
  parse(body: unknown, trigger: RunTrigger, context: { config: Config; today: string }): ParsedTrigger<Request>;
  /** Runs the pipeline once (builds and closes its runtime). */
  run(config: Config, request: Request, options: { log: Logger; now: () => Date }): Promise<Summary>;
  /** The summaries a retriable failure is looked for in (default: the summary itself). */
  runsOf?(summary: Summary): readonly (RunSummary | undefined)[];
}

/** What a test may inject; production passes nothing (real clock, process environment). */
export interface TriggerOptions {
  now?: () => Date;
  /** The environment `loadConfig` reads; default the process environment. */
  env?: Env;
}

/** The handler of one pipeline function. Never rejects: every failure becomes an answer. */
export function createRunTrigger<Request extends RunRequest, Summary extends RunSummary>(
  spec: TriggerSpec<Request, Summary>,
  options: TriggerOptions = {},
): (req: TriggerRequest, res: TriggerResponse) => Promise<void> {
  const now = options.now ?? (() => new Date());
  return async (req, res) => {
    if (req.method !== RUN_METHOD) {
      // Not logged: Cloud Run's request log has each one with its method and status, and a
      // crawler's GETs would otherwise fill the function's own log.
      res.setHeader('Allow', RUN_METHOD);
      const answer = res.status(405);
      if (req.method === 'HEAD') answer.end();
      else
        answer.json({
          error: 'method_not_allowed',
          message: `${req.method} starts nothing: only ${RUN_METHOD} starts a run.`,
        });
      return;
    }
    let log: Logger = createLogger({ level: 'info', format: 'json' });
    try {
      const config = options.env === undefined ? loadConfig() : loadConfig(options.env);
      log = createLogger({ level: config.log.level, format: config.log.format, secrets: secretValues(config) }).child({
        function: spec.name,
      });
      const trigger: RunTrigger = req.get('x-cloudscheduler') === 'true' ? 'schedule' : 'http';
      const parsed = spec.parse(req.body, trigger, { config, today: now().toISOString().slice(0, 10) });
      if (!parsed.ok) {
        res.status(400).json({
          error: 'bad_request',
          ...(parsed.message === undefined ? {} : { message: parsed.message }),
          problems: parsed.problems,
        });
        return;
      }
      const summary = await spec.run(config, parsed.request, { log, now });
      const runs = spec.runsOf?.(summary) ?? [summary];
      const retry = runs.some((run) => run?.status === 'failed' && run.error?.retriable === true);
      res.status(retry ? 500 : 200).json(summary);
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      log.error(`${spec.name} run could not start`, { error: { class: name, message } });
      res.status(500).json({ status: 'failed', error: { class: name, message, retriable: isRetriable(error) } });
    }
  };
}
