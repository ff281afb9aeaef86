import * as path from 'node:path';
import { freePort } from './free-port';
import { httpGetStatus } from './http-probe';
import { defaultLogDir, type CommonStartOptions } from './options';
import { requireInstalled, standInPaths } from './paths';
import { retryOnPickedPortClash } from './picked-ports';
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
 * in time (default 60 s); the error carries the log tail. A clash on picked ports is retried on
 * new ones (picked-ports.ts).
 */
export async function startBigQueryEmulator(options: BigQueryEmulatorOptions): Promise<BigQueryEmulatorHandle> {
  // The harness starts nine emulators, two picked ports each, at once.
  const picked = options.port === undefined && options.grpcPort === undefined;
  return retryOnPickedPortClash(picked, () => startOnce(options));
}

async function startOnce(options: BigQueryEmulatorOptions): Promise<BigQueryEmulatorHandle> {
  const paths = options.paths ?? standInPaths();
  const binary = requireInstalled(paths.bigqueryEmulator, 'bigquery-emulator');
  const pickPort = options.pickPort ?? freePort;
  const port = options.port ?? (await pickPort());
  const grpcPort = options.grpcPort ?? (await pickPort());
  const apiEndpoint = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.logDir ?? defaultLogDir(), `bigquery-emulator-${port}.log`);
  const proc = await startReady(
    {
      name: 'bigquery-emulator',
      command: binary,
      args: [
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--grpc-port',
        String(grpcPort),
        '--project',
        options.projectId,
        '--log-level',
        'warn',
      ],
      logFile,
    },
    {
      probe: async () =>
        (await httpGetStatus(
          `${apiEndpoint}/bigquery/v2/projects/${encodeURIComponent(options.projectId)}/datasets`,
        )) === 200,
      timeoutMs: options.timeoutMs ?? 60_000,
    },
  );
  return {
    apiEndpoint,
    grpcHost: `127.0.0.1:${grpcPort}`,
    projectId: options.projectId,
    logFile,
    stop: () => proc.stop(),
  };
}
