/**
 * Fixture of the SIGKILL fault test (lake-sink/faults.int.test.ts), run as `npx tsx dying-sink.ts
 * '<json DyingSinkArgs>'`: composes the real lake sink (Kafka, local lake, DuckDB) and kills its
 * own process with SIGKILL right after the first chunk is durable (object written, MERGEs done)
 * and before the batch can commit. Only the first time: with the marker file present it runs on.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { createLocalDirLake } from '../../../../shared/lake';
import { createKafkaStream } from '../../../../shared/stream';
import { createWarehouse } from '../../../../shared/warehouse';
import { startLakeSink } from '../main';

/** The fixture's one argument, as JSON. */
export interface DyingSinkArgs {
  brokers: string[];
  topic: string;
  groupId: string;
  lakeDir: string;
  duckdbPath: string;
  maxMessages: number;
  /** Written with the DurableChunk (JSON) just before the kill. */
  markerFile: string;
}

async function run(args: DyingSinkArgs): Promise<void> {
  // The broker's minimum session timeout: the dead member leaves the group quickly.
  const stream = createKafkaStream({ brokers: args.brokers, clientId: 'dying-sink', sessionTimeoutMs: 6_000 });
  const lake = createLocalDirLake({ root: args.lakeDir });
  const warehouse = await createWarehouse({
    backend: 'duckdb',
    duckdbPath: args.duckdbPath,
    dataset: 'unused',
    location: 'US',
  });
  const firstTime = !existsSync(args.markerFile);
  await startLakeSink(
    { stream, lake, warehouse },
    {
      topic: args.topic,
      groupId: args.groupId,
      limits: { maxMessages: args.maxMessages, maxSpanMs: 3_600_000 },
      onDurable: (chunk) => {
        if (!firstTime) return;
        writeFileSync(args.markerFile, JSON.stringify(chunk));
        process.kill(process.pid, 'SIGKILL');
      },
    },
  );
}

run(JSON.parse(process.argv[2] ?? '{}') as DyingSinkArgs).catch((error: Error) => {
  process.stderr.write(`dying-sink failed: ${error.stack ?? error.message}\n`);
  process.exit(2);
});
