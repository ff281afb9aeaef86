/**
 * Serves Cloud Functions in THIS process, each on its own port of 127.0.0.1, through
 * functions-framework's own server (the express app `getTestServer` builds around a registered
 * function: the same body parsing and routing as `functions-framework --target=<name>`). Importing
 * a function's module registers it, exactly as the framework's loader does.
 */
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import * as functions from '@google-cloud/functions-framework';
import type { HttpFunction } from '@google-cloud/functions-framework';
// tsconfig's `moduleResolution: node` ignores package exports; the runtime path is the public one.
const { getFunction, getTestServer } =
  require('@google-cloud/functions-framework/testing') as typeof import('@google-cloud/functions-framework/build/src/testing');

/** A function to serve: where its module is and the name it registers. */
export interface FunctionSpec {
  /** Display name (the pipeline name, or 'dashboard'). */
  name: string;
  /** Folder under the repo, e.g. 'functions/prices'. */
  folder: string;
  /** The name passed to `functions.http(...)`. */
  entryPoint: string;
  /** Port to bind; 0 (default) picks a free one. */
  port?: number;
}

/** One served function. */
export interface HostedFunction {
  readonly name: string;
  readonly entryPoint: string;
  /** e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** Requests being answered now. */
  inFlight(): number;
}

/** Every served function. */
export interface FunctionsHost {
  readonly functions: readonly HostedFunction[];
  byName(name: string): HostedFunction | undefined;
  /**
   * Stops accepting connections, waits up to `graceMs` for requests in flight to finish, then ends
   * every connection. Resolves to the number of requests cut off (0 on a clean stop).
   */
  stop(graceMs: number): Promise<number>;
}

interface Served {
  hosted: HostedFunction;
  server: Server;
  idle: () => Promise<void>;
}

/** True when the function's module exists (a registry entry may land before its folder). */
export function functionModuleExists(repoRoot: string, folder: string): boolean {
  return existsSync(join(repoRoot, folder, 'index.ts'));
}

async function serve(repoRoot: string, spec: FunctionSpec, host: string): Promise<Served> {
  await import(join(repoRoot, spec.folder, 'index.ts'));
  const handler = getFunction(spec.entryPoint) as HttpFunction | undefined;
  if (handler === undefined)
    throw new Error(`${spec.folder}/index.ts did not register an HTTP function named ${spec.entryPoint}`);
  let active = 0;
  const waiters: (() => void)[] = [];
  // Counted around the handler itself, not the connection: a caller that gives up (the scheduler
  // aborting at stop) closes the socket while the run goes on in this process.
  const counted = `${spec.entryPoint}_demo_counted`;
  functions.http(counted, async (req, res) => {
    active += 1;
    try {
      await handler(req, res);
    } finally {
      active -= 1;
      if (active === 0) for (const wake of waiters.splice(0)) wake();
    }
  });
  const server = getTestServer(counted);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(spec.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    hosted: { name: spec.name, entryPoint: spec.entryPoint, url: `http://${urlHost}:${port}`, inFlight: () => active },
    server,
    idle: () => (active === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}

/**
 * Loads and serves every spec. Rejects (after closing what already listens) when a module fails to
 * load or a port cannot be bound (EADDRINUSE).
 */
export async function startFunctionsHost(
  repoRoot: string,
  specs: readonly FunctionSpec[],
  host = '127.0.0.1',
): Promise<FunctionsHost> {
  const served: Served[] = [];
  const closeAll = async (graceMs: number): Promise<number> => {
    for (const s of served) s.server.close();
    const deadline = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), graceMs).unref());
    await Promise.race([Promise.all(served.map((s) => s.idle())), deadline]);
    const cut = served.reduce((sum, s) => sum + s.hosted.inFlight(), 0);
    for (const s of served) s.server.closeAllConnections();
    return cut;
  };
  try {
    // One at a time: each import registers a function in the framework's registry.
    for (const spec of specs) served.push(await serve(repoRoot, spec, host));
  } catch (error) {
    await closeAll(0);
    throw error;
  }
  const functions = served.map((s) => s.hosted);
  return {
    functions,
    byName: (name) => functions.find((f) => f.name === name),
    stop: closeAll,
  };
}
