/**
 * Starts a deployed artifact as Google would: a function under functions-framework's own entry
 * (what the Node.js runtime runs: FUNCTION_TARGET, PORT, NODE_ENV=production), the
 * worker pool's container command in its image directory, each on the deployed Node, with exactly
 * the synthesized environment, its secrets' values, and the stand-ins' endpoint overrides. Nothing
 * of this process's own environment leaks in but PATH and HOME.
 */
import { join } from 'node:path';
import { freePort } from '../services/free-port';
import type { LoggedProcess } from '../services/logged-process';
import { spawnLogged } from '../services/logged-process';
import { startReady } from '../services/start-ready';
import type { SecretMount } from './synthesized';

/** The preload that keeps every server of the rehearsal on 127.0.0.1. */
const BIND_LOOPBACK = join(__dirname, 'bind-loopback.cjs');

/**
 * The variables the rehearsal may add to a synthesized environment: the documented endpoint
 * overrides of the stand-ins (and the metadata-server switch). Anything else the synthesized
 * environment must say itself.
 */
export const ENDPOINT_OVERRIDES: readonly string[] = [
  'GCS_API_ENDPOINT',
  'BIGQUERY_API_ENDPOINT',
  'PUBSUB_EMULATOR_HOST',
  'KAFKA_SSL_CA_FILE',
  'METADATA_SERVER_DETECTION',
  'YAHOO_BASE_URL',
  'ALPACA_DATA_BASE_URL',
  'POLYGON_BASE_URL',
  'ALPACA_NEWS_BASE_URL',
  'ALPACA_NEWS_STREAM_URL',
  'YAHOO_RSS_BASE_URL',
  'PRODUCT_HUNT_BASE_URL',
  'CRUNCHBASE_BASE_URL',
];

/** The process environment of a workload. Throws on an override outside ENDPOINT_OVERRIDES or one that would replace a synthesized value. */
export function workloadEnvironment(
  synthesized: Readonly<Record<string, string>>,
  secrets: readonly SecretMount[],
  secretValues: Readonly<Record<string, string>>,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const refused = Object.keys(overrides).filter(
    (name) => !ENDPOINT_OVERRIDES.includes(name) || Object.hasOwn(synthesized, name),
  );
  if (refused.length > 0)
    throw new Error(
      `the rehearsal may not set ${refused.join(', ')}: only endpoint overrides the synthesized environment lacks`,
    );
  const mounted: Record<string, string> = {};
  for (const secret of secrets) {
    const value = secretValues[secret.env];
    if (value === undefined)
      throw new Error(`no stand-in value for secret ${secret.env} (${secret.secretId} version ${secret.version})`);
    mounted[secret.env] = value;
  }
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...synthesized,
    ...mounted,
    ...overrides,
  };
}

/** A started function: its local URL and process. */
export interface RunningFunction {
  readonly url: string;
  readonly process: LoggedProcess;
}

/** Starts the function unpacked in `dir` and resolves once its port answers HTTP. */
export async function startFunction(options: {
  name: string;
  entryPoint: string;
  dir: string;
  node: string;
  env: Record<string, string>;
  logDir: string;
}): Promise<RunningFunction> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const proc = await startReady(
    {
      name: `function ${options.name}`,
      command: options.node,
      args: [
        '--require',
        BIND_LOOPBACK,
        join(options.dir, 'node_modules', '@google-cloud', 'functions-framework', 'build', 'src', 'main.js'),
      ],
      cwd: options.dir,
      logFile: join(options.logDir, `function-${options.name}.log`),
      // Not K_SERVICE/K_REVISION, which the runtime also sets: google-auth-library takes them as
      // "on Cloud Run" and asks the metadata server for a token, whatever METADATA_SERVER_DETECTION says.
      env: {
        ...options.env,
        FUNCTION_TARGET: options.entryPoint,
        FUNCTION_SIGNATURE_TYPE: 'http',
        PORT: String(port),
        NODE_ENV: 'production',
      },
    },
    // Any HTTP answer means the server listens (a GET is refused with 405: only POST starts a run).
    {
      probe: async () => (await fetch(`${url}/`, { method: 'GET' }).then((r) => r.status)) > 0,
      timeoutMs: 60_000,
      intervalMs: 250,
    },
  );
  return { url, process: proc };
}

/** Starts the image's command in `dir`, with `node` standing for the image's `node`. */
export function startContainer(options: {
  name: string;
  command: readonly string[];
  dir: string;
  node: string;
  env: Record<string, string>;
  logDir: string;
}): LoggedProcess {
  const [program, ...args] = options.command;
  if (program !== 'node') throw new Error(`the image's command starts ${program}, not node`);
  return spawnLogged({
    name: options.name,
    command: options.node,
    args: ['--require', BIND_LOOPBACK, ...args],
    cwd: options.dir,
    logFile: join(options.logDir, `${options.name}.log`),
    env: options.env,
  });
}
