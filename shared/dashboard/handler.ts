/**
 * The dashboard's HTTP handler, one function for node:http (serve.ts) and functions-framework
 * (whose express request and response extend node's). Read-only: GET and HEAD only, everything
 * else is 405. Paths: `/` the page, `/static/*` its script, stylesheet and chart library, `/api/*`
 * the JSON API (api.ts), `/healthz` a liveness answer that touches no warehouse.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRetriable } from '../errors';
import type { Logger } from '../log/types';
import type { PipelineEntry } from '../pipelines/registry';
import { API_ROUTES } from './api';
import { appScript } from './assets/app-script';
import { STYLESHEET } from './assets/styles';
import { LIGHTWEIGHT_CHARTS_VERSION, readLightweightCharts } from './assets/vendor';
import { send, sendJson } from './headers';
import { pageHtml } from './page';
import { parseParams } from './params';
import type { WarehouseAccess } from './warehouse-access';

/** A node:http style handler; resolves once the answer is written, never rejects. */
export type DashboardHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** What the handler reads from. */
export interface DashboardHandlerDeps {
  readonly access: WarehouseAccess;
  /** The pipelines whose status is shown (the registry's PIPELINES in production). */
  readonly pipelines: readonly PipelineEntry[];
  readonly now?: () => Date;
  readonly log?: Logger;
}

const ALLOWED_METHODS = 'GET, HEAD';

/** Builds the handler. Static assets are prepared once, on first request. */
export function createDashboardHandler(deps: DashboardHandlerDeps): DashboardHandler {
  const now = deps.now ?? (() => new Date());
  let vendor: Promise<Buffer> | undefined;
  const assets: Record<string, () => Promise<{ body: string | Buffer; type: string; cache: string }>> = {
    '/static/app.js': async () => ({ body: appScript(), type: 'text/javascript; charset=utf-8', cache: 'no-cache' }),
    '/static/app.css': async () => ({ body: STYLESHEET, type: 'text/css; charset=utf-8', cache: 'no-cache' }),
    '/static/lightweight-charts.js': async () => {
      vendor ??= readLightweightCharts().catch((error: unknown) => {
        vendor = undefined;
        throw error;
      });
      return { body: await vendor, type: 'text/javascript; charset=utf-8', cache: 'public, max-age=86400' };
    },
  };

  return async (req, res) => {
    const head = req.method === 'HEAD';
    if (req.method !== 'GET' && !head) {
      sendJson(
        res,
        false,
        405,
        { error: 'method_not_allowed', message: 'The dashboard is read-only: use GET.' },
        { Allow: ALLOWED_METHODS },
      );
      return;
    }
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    try {
      if (path === '/' || path === '/index.html') {
        send(res, head, 200, pageHtml(), { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        return;
      }
      if (path === '/healthz') {
        sendJson(res, head, 200, { ok: true, lightweightCharts: LIGHTWEIGHT_CHARTS_VERSION });
        return;
      }
      const asset = assets[path];
      if (asset) {
        const { body, type, cache } = await asset();
        send(res, head, 200, body, { 'Content-Type': type, 'Cache-Control': cache });
        return;
      }
      const route = Object.hasOwn(API_ROUTES, path) ? API_ROUTES[path] : undefined;
      if (!route) {
        sendJson(res, head, 404, { error: 'not_found', message: `No such path: ${path}` });
        return;
      }
      const parsed = parseParams(route.params, url.searchParams);
      if (!parsed.ok) {
        sendJson(res, head, 400, {
          error: 'bad_request',
          message: `Bad query parameter: ${parsed.problems.map((p) => p.param).join(', ')}`,
          problems: parsed.problems,
        });
        return;
      }
      const body = await deps.access((warehouse) =>
        route.answer({ warehouse, pipelines: deps.pipelines, now }, parsed.value),
      );
      sendJson(res, head, 200, body);
    } catch (error) {
      const retriable = isRetriable(error);
      deps.log?.error('dashboard request failed', {
        path,
        retriable,
        error: {
          class: error instanceof Error ? error.name : typeof error,
          message: error instanceof Error ? error.message : String(error),
        },
      });
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // Details stay in the log: the SQL and backend messages are not for the page.
      sendJson(
        res,
        head,
        retriable ? 503 : 500,
        {
          error: retriable ? 'warehouse_unavailable' : 'internal_error',
          message: retriable
            ? 'The warehouse is busy or unreachable; try again shortly.'
            : 'The dashboard could not answer; see the server log.',
          retriable,
        },
        retriable ? { 'Retry-After': '2' } : {},
      );
    }
  };
}
