/**
 * The lake sink as its own process for the stream bench (as on Cloud Run, where the producer and
 * the sink are separate services): started with IPC, it reports every durable chunk to the parent
 * and, on {type:'stop'}, stops, then reports the `news` ids it holds (for lost/dup) and exits.
 */
import { createLocalDirLake } from '../../shared/lake';
import { createKafkaStream } from '../../shared/stream';
import { createWarehouse } from '../../shared/warehouse';
import { startLakeSink } from '../../streamer/consumers/lake-sink/main';

/** The worker's one argument, as JSON. */
export interface SinkWorkerArgs {
  brokers: string[];
  topic: string;
  groupId: string;
  lakeDir: string;
  duckdbPath: string;
  maxMessages: number;
  maxSpanMs: number;
  /** Partitions handled at once by the sink (shared/stream `partitionsConsumedConcurrently`). */
  concurrency: number;
  /** Longest a delivered batch waits for others to share its flush, ms. */
  lingerMs: number;
  /** Kafka fetch min bytes and max wait (larger batches under load). */
  fetchMinBytes: number;
  fetchMaxWaitMs: number;
  /** DuckDB `SET threads` (0: DuckDB's default, one per core; 1 used less CPU per article on two shared cores). */
  duckdbThreads: number;
}

/** Messages to the parent. */
export type SinkWorkerReport =
  | { type: 'ready' }
  | { type: 'chunk'; durableAtMs: number; receivedAtMs: number[]; messages: number }
  | { type: 'ids'; ids: string[] };

async function main(args: SinkWorkerArgs): Promise<void> {
  const send = (report: SinkWorkerReport) => process.send?.(report);
  const stream = createKafkaStream({
    brokers: args.brokers,
    clientId: 'bench-sink',
    fetchMinBytes: args.fetchMinBytes,
    maxWaitTimeMs: args.fetchMaxWaitMs,
  });
  const lake = createLocalDirLake({ root: args.lakeDir });
  const warehouse = await createWarehouse({
    backend: 'duckdb',
    duckdbPath: args.duckdbPath,
    dataset: 'unused',
    location: 'US',
  });
  // The warehouse has no threads option; on two shared cores DuckDB's own threads mostly contend.
  if (args.duckdbThreads > 0) await warehouse.query(`SET threads = ${args.duckdbThreads}`);
  const running = await startLakeSink(
    { stream, lake, warehouse },
    {
      topic: args.topic,
      groupId: args.groupId,
      limits: { maxMessages: args.maxMessages, maxSpanMs: args.maxSpanMs },
      partitionsConsumedConcurrently: args.concurrency,
      lingerMs: args.lingerMs,
      onDurable: (c) =>
        void send({
          type: 'chunk',
          durableAtMs: c.durableAtMs,
          receivedAtMs: c.articles.map((a) => a.receivedAtMs),
          messages: c.messages,
        }),
    },
  );
  send({ type: 'ready' });
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'stop') return;
    void (async () => {
      await running.stop();
      await stream.close();
      const rows = await warehouse.query<{ id: string }>(`SELECT id FROM ${warehouse.tableRef('news')}`);
      await warehouse.close();
      process.send?.({ type: 'ids', ids: rows.map((r) => r.id) } satisfies SinkWorkerReport, undefined, {}, () =>
        process.exit(0),
      );
    })();
  });
}

main(JSON.parse(process.argv[2] ?? '{}') as SinkWorkerArgs).catch((error: Error) => {
  process.stderr.write(`bench sink worker failed: ${error.stack ?? error.message}\n`);
  process.exit(2);
});
