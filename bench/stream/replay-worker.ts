/**
 * The news websocket stand-in as its own process for the stream bench: Alpaca's server is not in
 * the streamer's process in production, so generating and sending articles must not share the
 * streamer's thread. Started with IPC; answers {type:'ready'} with its URLs, then publishes on
 * request and reports how many articles it has published; on {type:'stop'} it reports every
 * published id and exits.
 */
import { createRateGenerator, startNewsReplayServer, type NewsReplayServer } from '../../dev/replay-news';

/** Requests from the parent. */
export type ReplayWorkerRequest =
  /** `count` articles now, in frames of up to 1000, yielding between frames. */
  | { type: 'burst'; id: number; count: number }
  /** `count` articles at `ratePerSec`. */
  | { type: 'rate'; id: number; ratePerSec: number; count: number }
  | { type: 'stop' };

/** Messages to the parent. */
export type ReplayWorkerReport =
  | { type: 'ready'; streamUrl: string; baseUrl: string; credentials: NewsReplayServer['credentials'] }
  /** Articles published so far, after a request's frames; `done` once request `id` is fully sent. */
  | { type: 'published'; id: number; count: number; done: boolean }
  | { type: 'ids'; ids: number[] };

async function main(): Promise<void> {
  const send = (report: ReplayWorkerReport) => process.send?.(report);
  const server = await startNewsReplayServer();
  const report = (id: number, done: boolean) => send({ type: 'published', id, count: server.published().length, done });
  process.on('message', (request: ReplayWorkerRequest) => {
    if (request.type === 'burst') {
      void (async () => {
        for (let sent = 0; sent < request.count; sent += 1000) {
          server.publish(Math.min(1000, request.count - sent));
          await new Promise((resolve) => setImmediate(resolve));
        }
        report(request.id, true);
      })();
    } else if (request.type === 'rate') {
      const generator = createRateGenerator({
        ratePerSec: request.ratePerSec,
        maxCount: request.count,
        now: Date.now,
        emit: (n) => {
          server.publish(n);
          report(request.id, generator.emitted() >= request.count);
        },
      });
      generator.start();
    } else if (request.type === 'stop') {
      const ids = server.published();
      void server
        .stop()
        .finally(() =>
          process.send?.({ type: 'ids', ids } satisfies ReplayWorkerReport, undefined, {}, () => process.exit(0)),
        );
    }
  });
  send({ type: 'ready', streamUrl: server.streamUrl, baseUrl: server.baseUrl, credentials: server.credentials });
}

main().catch((error: Error) => {
  process.stderr.write(`bench replay worker failed: ${error.stack ?? error.message}\n`);
  process.exit(2);
});
