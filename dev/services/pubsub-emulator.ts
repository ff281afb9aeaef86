import * as path from 'node:path';
import { PubSub } from '@google-cloud/pubsub';
import { freePort } from './free-port';
import { defaultLogDir, type CommonStartOptions } from './options';
import { requireInstalled, standInPaths } from './paths';
import { retryOnPickedPortClash } from './picked-ports';
import { startReady } from './start-ready';

/** A running Pub/Sub emulator (dev/pubsub-emulator, in-memory pstest). */
export interface PubSubEmulatorHandle {
  /** "127.0.0.1:<port>": the value for PUBSUB_EMULATOR_HOST (or the client's `apiEndpoint`). */
  host: string;
  port: number;
  logFile: string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once the process is gone. */
  stop(): Promise<void>;
}

/** One ListTopics call over gRPC through the real client, without retries. */
async function answersListTopics(host: string): Promise<boolean> {
  // Placeholder credentials: without any, google-gax asks google-auth for the universe domain,
  // which probes the GCE metadata server (network) unless METADATA_SERVER_DETECTION=none. The
  // emulator channel is insecure, so nothing is ever signed with them.
  const client = new PubSub({
    projectId: 'readiness-probe',
    apiEndpoint: host,
    emulatorMode: true,
    credentials: { client_email: 'readiness-probe@localhost', private_key: 'unused' },
  });
  try {
    await client.getTopics({ gaxOpts: { timeout: 2_000, maxRetries: 0 } });
    return true;
  } finally {
    await client.close();
  }
}

/**
 * Starts the pstest-based Pub/Sub emulator on 127.0.0.1 and resolves once it answers ListTopics
 * over gRPC. Throws if the binary is missing (run dev/install.sh), exits early, or is not ready in
 * time (default 30 s); the error carries the log tail. A clash on a picked port is retried on a new
 * one (picked-ports.ts).
 */
export async function startPubSubEmulator(options: CommonStartOptions = {}): Promise<PubSubEmulatorHandle> {
  return retryOnPickedPortClash(options.port === undefined, () => startOnce(options));
}

async function startOnce(options: CommonStartOptions): Promise<PubSubEmulatorHandle> {
  const paths = options.paths ?? standInPaths();
  const binary = requireInstalled(paths.pubsubEmulator, 'pubsub-emulator');
  const port = options.port ?? (await (options.pickPort ?? freePort)());
  const host = `127.0.0.1:${port}`;
  const logFile = path.join(options.logDir ?? defaultLogDir(), `pubsub-emulator-${port}.log`);
  const proc = await startReady(
    { name: 'pubsub-emulator', command: binary, args: ['-host', '127.0.0.1', '-port', String(port)], logFile },
    { probe: () => answersListTopics(host), timeoutMs: options.timeoutMs ?? 30_000 },
  );
  return { host, port, logFile, stop: () => proc.stop() };
}
