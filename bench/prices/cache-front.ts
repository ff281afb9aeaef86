/**
 * A caching HTTP front for the replay server. The replay server regenerates each series from its
 * epoch on every request (milliseconds of CPU per answer, in the bench's own process), which would
 * put the generator, not the loaders, on the clock. The bench warms this cache once, then every
 * loader (ours, the floor, dlt) reads byte-identical answers from it. A miss is forwarded and kept,
 * and counted so the bench can say when a loader asked for something the warm-up did not.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestKey } from './plan';

interface Cached {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A running cache front. */
export interface CacheFront {
  baseUrl: string;
  /** Answers served from the cache / forwarded to the replay server since the last `resetCounts`. */
  counts(): { hits: number; misses: number };
  resetCounts(): void;
  /** Fetches `paths` through the cache (`concurrency` at a time); resolves with the bytes cached. */
  warm(paths: readonly string[], concurrency: number): Promise<number>;
  stop(): Promise<void>;
}

/** Starts a cache front for `upstream` on 127.0.0.1 (a free port). */
export async function startCacheFront(upstream: string): Promise<CacheFront> {
  const cache = new Map<string, Cached>();
  let hits = 0;
  let misses = 0;
  const load = async (pathAndQuery: string): Promise<Cached> => {
    const key = requestKey(pathAndQuery);
    const found = cache.get(key);
    if (found !== undefined) {
      hits += 1;
      return found;
    }
    misses += 1;
    const response = await fetch(`${upstream}${pathAndQuery}`);
    const entry = {
      status: response.status,
      contentType: response.headers.get('content-type') ?? 'application/json',
      body: Buffer.from(await response.arrayBuffer()),
    };
    // Only answers worth replaying are kept; a fault or an error is asked for again.
    if (response.status === 200) cache.set(key, entry);
    return entry;
  };
  const server: Server = createServer((req, res) => {
    load(req.url ?? '/').then(
      (entry) => {
        res.writeHead(entry.status, { 'content-type': entry.contentType, 'content-length': entry.body.length });
        res.end(entry.body);
      },
      (error: Error) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`cache front: ${error.message}`);
      },
    );
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    counts: () => ({ hits, misses }),
    resetCounts: () => {
      hits = 0;
      misses = 0;
    },
    async warm(paths, concurrency) {
      let next = 0;
      let bytes = 0;
      const lane = async () => {
        while (next < paths.length) {
          const entry = await load(paths[next++]!);
          if (entry.status !== 200)
            throw new Error(`warm-up: ${entry.status} ${entry.body.toString('utf8').slice(0, 200)}`);
          bytes += entry.body.length;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, lane));
      return bytes;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
