import * as path from 'node:path';
import { freePort } from './free-port';
import { httpGetStatus } from './http-probe';
import { defaultLogDir, type CommonStartOptions } from './options';
import { requireInstalled, standInPaths } from './paths';
import { startReady } from './start-ready';

/** Options for {@link startBigQueryEmulator}. */
export interface BigQueryEmulatorOptions extends CommonStartOptions {
  /** The only project the emulator serves; clients must pass the same `projectId`. */
  projectId: string;
  /** Port for the BigQuery Storage gRPC API; free one when omitted. */
  grpcPort?: number;
}

/** A running goccy/bigquery-emulator (in-memory). */
export interface BigQueryEmulatorHandle {
  /** Pass as `apiEndpoint` to @google-cloud/bigquery, e.g. "http://127.0.0.1:9050". */
  apiEndpoint: string;
  /** "127.0.0.1:<port>" of the Storage Read/Write gRPC API. */
  grpcHost: string;
  projectId: string;
  logFile: string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts bigquery-emulator v0.8.1 on 127.0.0.1 and resolves once its REST API lists the datasets of
 * `projectId`. Throws if the binary is missing (run dev/install.sh), exits early, or is not ready
 * in time (default 60 s); the error carries the log tail.
 */
export async function startBigQueryEmulator(options: BigQueryEmulatorOptions): Promise<BigQueryEmulatorHandle> {
  // Ports picked here can be taken between the pick and the bind (the harness starts nine
  // emulators, two ports each, at once): a bind failure on picked ports is tried again on new ones.
  const picked = options.port === undefined && options.grpcPort === undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!picked || attempt >= PICKED_PORT_ATTEMPTS || !/address already in use/.test(String(error))) throw error;
    }
  }
}

/** Starts on picked ports this many times at most. */
const PICKED_PORT_ATTEMPTS = 3;

async function startOnce(options: BigQueryEmulatorOptions): Promise<BigQueryEmulatorHandle> {
  const paths = options.paths ?? standInPaths();
  const binary = requireInstalled(paths.bigqueryEmulator, 'bigquery-emulator');
  const port = options.port ?? (await freePort());
  const grpcPort = options.grpcPort ?? (await freePort());
  const apiEndpoint = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.logDir ?? defaultLogDir(), `bigquery-emulator-${port}.log`);
  const proc = await startReady(
    {
      name: 'bigquery-emulator',
      command: binary,
      args: ['--host', '127.0.0.1', '--port', String(port), '--grpc-port', String(grpcPort),
        '--project', options.projectId, '--log-level', 'warn'],
      logFile,
    },
    {
      probe: async () =>
        (await httpGetStatus(`${apiEndpoint}/bigquery/v2/projects/${encodeURIComponent(options.projectId)}/datasets`)) === 200,
      timeoutMs: options.timeoutMs ?? 60_000,
    },
  );
  return { apiEndpoint, grpcHost: `127.0.0.1:${grpcPort}`, projectId: options.projectId, logFile, stop: () => proc.stop() };
}
