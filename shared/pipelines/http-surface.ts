/**
 * The part of every function's HTTP surface that functions-framework handles before any handler of
 * ours runs: a request body is refused above MAX_REQUEST_BODY_BYTES (413), and an error the
 * framework raises while reading the body (malformed JSON: 400; an unsupported charset or content
 * encoding: 415) is answered as JSON like every other refusal, never as Express's HTML error page.
 * Every `functions/<name>/index.ts` registers through `registerHttpFunction`, which puts this in
 * place. Which methods a function accepts is its handler's business (http-trigger.ts: POST only;
 * shared/dashboard/handler.ts: GET and HEAD).
 *
 * Why this patches Express instead of using a framework option: functions-framework 5.0.2 (and
 * 5.0.5, the newest) builds its own Express app in `getServer`
 * (node_modules/@google-cloud/functions-framework/build/src/server.js;
 * https://github.com/GoogleCloudPlatform/functions-framework-nodejs/blob/v5.0.2/src/server.ts#L67-L96)
 * and mounts body-parser's json, text, urlencoded and raw parsers (limit '1024mb') ahead of the
 * user function (`app.all('/{*splat}', ...)`, line 164). A parser error goes to `next(err)`, past the function, to the only error handler
 * there is, Express's default `finalhandler`: an HTML page with the stack trace and the server's
 * file paths (only the status text when NODE_ENV=production; HTML either way). The function never
 * runs, so neither it nor `req.rawBody` can help, and the framework has no hook for an error
 * middleware (asked for upstream: functions-framework-nodejs issue 686, PR 685, both open). What
 * Express does offer is `app.handle(req, res, callback)`: finalhandler is only the fallback when no
 * `callback` is given, which is how node's http server calls the app. `guardFrameworkHttp` wraps
 * `handle` on the framework's own Express (resolved from the framework's directory, exactly as its
 * server.js requires it) to pass our callback instead, and to refuse an oversized or compressed body
 * before body-parser reads a byte of it. Express copies `application` onto each app it creates, so
 * the guard must be in place before `getServer` runs: the framework's main.js requires the
 * function's module first (as tests do before `getTestServer`), and `registerHttpFunction`, called
 * as that module loads, installs it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname } from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import { createLogger } from '../log';

/**
 * The largest request body any function accepts, in bytes: 1 MiB (1,048,576). A run request is a
 * few hundred bytes (a 5,000-ticker backfill list is about 40 KB), so this only stops abuse. A body
 * whose `Content-Length` says more is refused with 413 before it is read; a body of unknown length
 * (chunked) is read by the framework (Cloud Run caps a request at 32 MiB) and refused with 413 when
 * it turns out longer. Exactly MAX_REQUEST_BODY_BYTES is accepted.
 */
export const MAX_REQUEST_BODY_BYTES = 1024 * 1024;

/** The JSON every refusal of this module answers with (the 400 has the trigger's bad-request shape). */
export interface RefusalBody {
  error: 'bad_request' | 'payload_too_large' | 'unsupported_media_type' | 'not_found' | 'internal_error';
  message: string;
  problems?: { path: string; code: string; message: string }[];
  limitBytes?: number;
}

type FinalCallback = (error?: unknown) => void;
type Handle = (this: unknown, req: IncomingMessage, res: ServerResponse, callback?: FinalCallback) => void;
interface ExpressModule {
  application: { handle: Handle; [GUARDED]?: true };
}

const GUARDED = Symbol.for('market-data-platform.http-surface.guarded');

/**
 * Registers `handler` with functions-framework under `name` (the deployed entry point), with the
 * guard of this module in place and bodies of unknown length held to MAX_REQUEST_BODY_BYTES once
 * read. Call it at module load, as `functions.http` is called.
 */
export function registerHttpFunction(name: string, handler: functions.HttpFunction): void {
  guardFrameworkHttp();
  functions.http(name, (req, res) => {
    const read = req.rawBody?.length ?? 0;
    if (read > MAX_REQUEST_BODY_BYTES) {
      writeJson(res, req.method === 'HEAD', 413, tooLarge(read));
      return;
    }
    return handler(req, res);
  });
}

/**
 * Installs the guard on the Express that functions-framework uses (idempotent). Every Express app
 * created afterwards in this process (in a deployment: the framework's one app) then:
 * - refuses with 413 a request whose Content-Length exceeds MAX_REQUEST_BODY_BYTES, and with 415
 *   one with a Content-Encoding other than identity (an inflated body could be any size), both
 *   before the body is read;
 * - answers an error its middleware passes on (body-parser's) as JSON: 400 `bad_request` with the
 *   shape of every other bad request, 413, 415, or a 500 that says nothing of the error; a 500 is
 *   logged with the error's class, type and status, never the body or a stack (finalhandler
 *   printed both to stderr for every error, a refusal included).
 * Throws only when the framework's Express cannot be found or has no `application.handle` (its API
 * changed), which http-surface.test.ts would show on an upgrade.
 */
export function guardFrameworkHttp(): void {
  const { application } = frameworkExpress();
  if (application[GUARDED]) return;
  const handle = application.handle;
  if (typeof handle !== 'function')
    throw new TypeError("functions-framework's Express has no application.handle: the HTTP guard cannot be installed");
  application.handle = function guardedHandle(
    this: unknown,
    req: IncomingMessage,
    res: ServerResponse,
    callback?: FinalCallback,
  ): void {
    // A callback means a mounted sub-app: its parent's chain answers errors, as Express intends.
    if (callback !== undefined) return handle.call(this, req, res, callback);
    const refusal = refuseBeforeReading(req);
    if (refusal !== undefined) {
      writeJson(res, req.method === 'HEAD', refusal.status, refusal.body);
      return;
    }
    handle.call(this, req, res, (error?: unknown) => answerUnhandled(req, res, error));
  };
  application[GUARDED] = true;
}

/** functions-framework's server.js does `require("express")`; this resolves that same module. */
function frameworkExpress(): ExpressModule {
  const frameworkDir = dirname(require.resolve('@google-cloud/functions-framework'));
  // A computed path: the bundler leaves it to Node at run time, so the deployed function loads the
  // copy the framework loads (and its manifest does not list express, which the framework brings).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a path known only at run time
  return require(require.resolve('express', { paths: [frameworkDir] })) as ExpressModule;
}

function refuseBeforeReading(req: IncomingMessage): { status: number; body: RefusalBody } | undefined {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BODY_BYTES) return { status: 413, body: tooLarge(declared) };
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'identity' && encoding !== '') {
    return {
      status: 415,
      body: {
        error: 'unsupported_media_type',
        message: `Content-Encoding ${encoding} is not accepted: send the body uncompressed.`,
      },
    };
  }
  return undefined;
}

/** The 413 answer; `bytes` is the body's size when known. */
function tooLarge(bytes?: number): RefusalBody {
  const size = bytes === undefined ? 'The body is too large' : `The body is ${bytes} bytes`;
  return {
    error: 'payload_too_large',
    message: `${size}; the limit is ${MAX_REQUEST_BODY_BYTES} bytes (MAX_REQUEST_BODY_BYTES).`,
    limitBytes: MAX_REQUEST_BODY_BYTES,
  };
}

/** What Express's finalhandler would have rendered as HTML, as JSON. */
function answerUnhandled(req: IncomingMessage, res: ServerResponse, error: unknown): void {
  const head = req.method === 'HEAD';
  if (error === undefined) {
    // No route answered: the framework routes every path to the function, so this is not expected.
    writeJson(res, head, 404, { error: 'not_found', message: 'No such path.' });
    return;
  }
  const answer = frameworkErrorAnswer(error);
  // A refusal (4xx) is the caller's to read in the answer, and Cloud Run's request log has its
  // status; what the framework itself failed at (5xx) is ours to see.
  if (answer.status >= 500) {
    const fields = error as { name?: unknown; type?: unknown; status?: unknown } | undefined;
    createLogger({ level: 'info', format: 'json' })
      .child({ component: 'http-surface' })
      .error('request failed before the function ran', {
        error: {
          class: typeof fields?.name === 'string' ? fields.name : typeof error,
          type: fields?.type,
          status: fields?.status,
        },
      });
  }
  if (res.headersSent) {
    res.destroy();
    return;
  }
  writeJson(res, head, answer.status, answer.body);
}

/**
 * The answer to an error functions-framework's middleware passed on (body-parser's errors carry an
 * HTTP `status` and a `type` such as `entity.parse.failed` or `charset.unsupported`). Pure. Only
 * messages known to describe the caller's own input are repeated; anything else (a 5xx, an error
 * without a status) is a 500 that names nothing of the server.
 */
export function frameworkErrorAnswer(error: unknown): { status: number; body: RefusalBody } {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as {
    status?: unknown;
    statusCode?: unknown;
    type?: unknown;
    message?: unknown;
  };
  const raw =
    typeof fields.status === 'number' ? fields.status : typeof fields.statusCode === 'number' ? fields.statusCode : 500;
  const status = raw >= 400 && raw < 500 ? raw : 500;
  const type = typeof fields.type === 'string' ? fields.type : undefined;
  const message = typeof fields.message === 'string' ? fields.message.slice(0, 200) : undefined;
  if (status === 400 && type === 'entity.parse.failed') {
    // JSON.parse's own words (position, offending token of the caller's body) name nothing of ours.
    return {
      status,
      body: {
        error: 'bad_request',
        message: 'The body is not valid JSON.',
        problems: [{ path: '', code: 'invalid_json', message: message ?? 'not valid JSON' }],
      },
    };
  }
  if (status === 413) return { status, body: tooLarge() };
  if (status === 415) {
    // body-parser says `unsupported charset "X"` / `unsupported content encoding "X"`: the caller's X.
    const known = type === 'charset.unsupported' || type === 'encoding.unsupported';
    return {
      status,
      body: {
        error: 'unsupported_media_type',
        message: `The body cannot be decoded${known && message !== undefined ? `: ${message}` : ''}.`,
      },
    };
  }
  if (status < 500) {
    return {
      status,
      body: {
        error: 'bad_request',
        message: 'The request body could not be read.',
        problems: [{ path: '', code: type ?? 'unreadable_body', message: 'the body could not be read' }],
      },
    };
  }
  return {
    status: 500,
    body: { error: 'internal_error', message: 'The function could not answer; see the server log.' },
  };
}

/** Writes a JSON answer with node's own API (Express has not decorated `res` yet on every path). */
function writeJson(res: ServerResponse, head: boolean, status: number, body: RefusalBody): void {
  const bytes = Buffer.from(JSON.stringify(body), 'utf8');
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(head ? undefined : bytes);
}
