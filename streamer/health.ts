import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What GET /healthz answers (JSON). */
export interface StreamerHealth {
  /** Subscribed on a live websocket now. */
  connected: boolean;
  /** Last frame or pong from the news server, ISO-8601, or null. */
  lastMessageAt: string | null;
  /** Receive time minus created_at of the newest article, ms, or null before the first. */
  lagMs: number | null;
  /** Messages durably produced to the news topic / the dead-letter topic since start. */
  published: number;
  dlq: number;
  duplicates: number;
  /** Accepted, not yet durable. */
  pending: number;
  /** ms since the connection was lost (0 while connected). */
  disconnectedForMs: number;
  /** A REST catch-up is running or queued. */
  catchingUp: boolean;
  /** The fatal error that stopped the stream, if any. */
  fatal: string | null;
  /** true when the answer is 200. */
  healthy: boolean;
}

export interface HealthServer {
  /** e.g. 'http://127.0.0.1:8080'. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `GET /healthz` (200 when `snapshot().healthy`, else 503; JSON either way) for Cloud Run's
 * probes; anything else is 404. Binds `host` (127.0.0.1 locally, 0.0.0.0 on Cloud Run), port 0
 * picks a free one.
 */
export async function startHealthServer(options: {
  host: string;
  port: number;
  snapshot: () => StreamerHealth;
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://health.local').pathname;
    if (req.method !== 'GET' || path !== '/healthz') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const health = options.snapshot();
    res
      .writeHead(health.healthy ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(health));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
