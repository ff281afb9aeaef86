/**
 * `dashboard`: the HTTP Cloud Function serving the monitoring page and its read-only JSON API
 * (shared/dashboard). Thin: load the config once, build the dashboard on the first request, and
 * hand every request to its handler. A failed build (bad config) answers 500 and is retried on the
 * next request instead of being cached.
 *
 * Methods: GET and HEAD only; anything else is 405 with `Allow: GET, HEAD` (the handler's rule: the
 * dashboard is read-only, and no method but GET/HEAD means anything on a page and a read-only API).
 * It reads no body, yet functions-framework parses one before any handler runs, so a body is held
 * to the pipeline functions' rules (shared/pipelines/http-surface.ts): over MAX_REQUEST_BODY_BYTES
 * (1 MiB) a JSON 413, malformed JSON a JSON 400, never the framework's HTML error page.
 */
import type { Request, Response } from '@google-cloud/functions-framework';
import { loadConfig, secretValues } from '../../shared/config';
import { createDashboardFromConfig, type Dashboard } from '../../shared/dashboard';
import { createLogger } from '../../shared/log';
import { registerHttpFunction } from '../../shared/pipelines/http-surface';

/**
 * Returns the function's handler; the dashboard it delegates to is built lazily, once per
 * instance (Cloud Functions keeps an instance warm between requests). Exported for tests.
 */
export function createDashboardFunction(): (req: Request, res: Response) => Promise<void> {
  let dashboard: Promise<Dashboard> | undefined;
  const build = async (): Promise<Dashboard> => {
    const config = loadConfig();
    const log = createLogger({
      level: config.log.level,
      format: config.log.format,
      secrets: secretValues(config),
    }).child({ function: 'dashboard' });
    return createDashboardFromConfig(config, { log });
  };
  return async (req, res) => {
    dashboard ??= build().catch((error: unknown) => {
      dashboard = undefined;
      throw error;
    });
    let built: Dashboard;
    try {
      built = await dashboard;
    } catch (error) {
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      createLogger({ level: 'info', format: 'json' }).error('dashboard could not start', {
        error: { class: name, message },
      });
      res.status(500).json({ error: 'dashboard_unavailable', class: name });
      return;
    }
    await built.handler(req, res);
  };
}

registerHttpFunction('dashboard', createDashboardFunction());
