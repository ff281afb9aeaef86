/**
 * What every provider replay server does with its HTTP server: listen on 127.0.0.1 (never beyond
 * the machine) and stop once, however often `stop` is called, dropping kept-alive connections so
 * a test's teardown does not wait for them.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A listening replay server. */
export interface LoopbackListener {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  port: number;
  /** Runs `beforeClose` (timers, sockets of the server's own), then closes; idempotent. */
  stop(beforeClose?: () => void): Promise<void>;
}

/** Listens on 127.0.0.1:`port` (0: any free port). Rejects with the listen error (e.g. EADDRINUSE). */
export async function listenOnLoopback(server: Server, port = 0): Promise<LoopbackListener> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  let stopped: Promise<void> | undefined;
  return {
    baseUrl: `http://127.0.0.1:${bound}`,
    port: bound,
    stop: (beforeClose) =>
      (stopped ??= new Promise<void>((resolve) => {
        beforeClose?.();
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}
