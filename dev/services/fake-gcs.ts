import * as path from 'node:path';
import { freePort } from './free-port';
import { httpGetStatus } from './http-probe';
import { defaultLogDir, type CommonStartOptions } from './options';
import { requireInstalled, standInPaths } from './paths';
import { retryOnPickedPortClash } from './picked-ports';
import { startReady } from './start-ready';

/** A running fake-gcs-server (in-memory backend, plain HTTP). */
export interface FakeGcsHandle {
  /** Pass as `apiEndpoint` to @google-cloud/storage, e.g. "http://127.0.0.1:4443". */
  apiEndpoint: string;
  port: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts fsouza/fake-gcs-server on 127.0.0.1 and resolves once its JSON API lists buckets.
 * Throws if the binary is missing (run dev/install.sh), exits early, or is not ready in time
 * (default 30 s); the error carries the log tail. A clash on a picked port is retried on a new one
 * (picked-ports.ts).
 */
export async function startFakeGcs(options: CommonStartOptions = {}): Promise<FakeGcsHandle> {
  return retryOnPickedPortClash(options.port === undefined, () => startOnce(options));
}

async function startOnce(options: CommonStartOptions): Promise<FakeGcsHandle> {
  const paths = options.paths ?? standInPaths();
  const binary = requireInstalled(paths.fakeGcsServer, 'fake-gcs-server');
  const port = options.port ?? (await (options.pickPort ?? freePort)());
  const apiEndpoint = `http://127.0.0.1:${port}`;
  const logFile = path.join(options.logDir ?? defaultLogDir(), `fake-gcs-${port}.log`);
  const proc = await startReady(
    {
      name: 'fake-gcs-server',
      command: binary,
      // external-url and public-host make the URLs it hands out (resumable uploads, media links)
      // point back at this port instead of storage.googleapis.com.
      args: [
        '-scheme',
        'http',
        '-host',
        '127.0.0.1',
        '-port',
        String(port),
        '-backend',
        'memory',
        '-external-url',
        apiEndpoint,
        '-public-host',
        `127.0.0.1:${port}`,
        '-log-level',
        'warn',
      ],
      logFile,
    },
    {
      probe: async () => (await httpGetStatus(`${apiEndpoint}/storage/v1/b`)) === 200,
      timeoutMs: options.timeoutMs ?? 30_000,
    },
  );
  return { apiEndpoint, port, logFile, stop: () => proc.stop() };
}
