/**
 * `npm run bench:stream`: the news stream end to end on one laptop, 127.0.0.1 only, on its own
 * Kafka broker: replay websocket -> streamer -> Kafka -> lake sink (its own process, as on Cloud
 * Run) -> local lake + DuckDB.
 *
 * 1. latency: STREAM_BENCH_RATE articles/s (default 1000) for STREAM_BENCH_LATENCY_S s (default
 *    20); latency = durable write (lake object + MERGEs done) minus the websocket receive time
 *    (`received_at`), p50/p99.
 * 2. throughput: STREAM_BENCH_BURST articles (default 30000) sent at once; sustained articles/s =
 *    burst / (last durable write - first send).
 * 3. the broker's limit: Kafka's ProducerPerformance and ConsumerPerformance on the same broker
 *    with the same record size (the mean NewsMessage size); the limit is the lower of the two.
 * Last line: `RESULT stream msgs_per_s=<n> broker_msgs_per_s=<n> ratio=<n> p50_ms=<n> p99_ms=<n> lost=<n> dup=<n>`.
 */
import { fork } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRateGenerator, startNewsReplayServer } from '../../dev/replay-news';
import { kafkaClasspath, standInPaths, startKafkaBroker } from '../../dev/services';
import { createKafkaStream } from '../../shared/stream';
import { createNewsStreamer } from '../../streamer/streamer';
import { exactlyOnce, tempDir } from '../../streamer/consumers/test-support';
import { fastStreamerOptions, quietLogger, waitFor } from '../../streamer/test-support';
import { consumerPerf, producerPerf } from './kafka-perf';
import type { SinkWorkerArgs, SinkWorkerReport } from './sink-worker';
import { percentile, resultLine } from './stats';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const rate = env('STREAM_BENCH_RATE', 1000);
const latencySeconds = env('STREAM_BENCH_LATENCY_S', 20);
const burst = env('STREAM_BENCH_BURST', 30_000);
const perfRecords = env('STREAM_BENCH_PERF_RECORDS', 200_000);
const partitions = env('STREAM_BENCH_PARTITIONS', 6);
const say = (line: string) => process.stdout.write(`${line}\n`);

/** Mean line length (bytes) of the gzipped JSON-lines objects under `dir`. */
function meanLineBytes(dir: string): number {
  let bytes = 0;
  let lines = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.jsonl.gz')) {
        for (const line of gunzipSync(readFileSync(full)).toString('utf8').split('\n')) {
          if (line === '') continue;
          bytes += Buffer.byteLength(line);
          lines += 1;
        }
      }
    }
  };
  walk(dir);
  return lines === 0 ? 1000 : Math.round(bytes / lines);
}

async function main(): Promise<void> {
  const paths = standInPaths();
  const work = tempDir('bench-stream');
  const broker = await startKafkaBroker({ paths, logDir: path.join(work, 'logs') });
  say(`bench stream: broker ${broker.brokers[0]}, rate ${rate}/s for ${latencySeconds} s, burst ${burst}, work dir ${work}`);
  const server = await startNewsReplayServer();
  const stream = createKafkaStream({ brokers: broker.brokers, clientId: 'bench-streamer' });
  const streamer = createNewsStreamer(fastStreamerOptions(server, { topic: 'news', dlqTopic: 'news.dlq', topicPartitions: partitions, pingIntervalMs: 5_000, pongTimeoutMs: 5_000 }), { stream, logger: quietLogger() });
  const args: SinkWorkerArgs = { brokers: broker.brokers, topic: 'news', groupId: 'lake-sink', lakeDir: path.join(work, 'lake'), duckdbPath: path.join(work, 'warehouse.duckdb'), maxMessages: 1000, maxSpanMs: 60_000 };
  const worker = fork(path.join(__dirname, 'sink-worker.ts'), [JSON.stringify(args)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const chunks: Extract<SinkWorkerReport, { type: 'chunk' }>[] = [];
  let durable = 0;
  let ready = false;
  let ids: string[] | undefined;
  worker.on('message', (report: SinkWorkerReport) => {
    if (report.type === 'chunk') (chunks.push(report), (durable += report.messages));
    else if (report.type === 'ready') ready = true;
    else ids = report.ids;
  });
  try {
    await streamer.start();
    await waitFor('streamer subscribed', () => streamer.health().connected, 30_000);
    await waitFor('sink worker ready', () => ready, 60_000);
    server.publish(200); // warm-up: topic metadata, the group's first join, DuckDB's first MERGE
    await waitFor('warm-up durable', () => durable >= 200, 60_000);

    // 1. latency at the target rate.
    const latencyStart = Date.now();
    const generator = createRateGenerator({ ratePerSec: rate, maxCount: rate * latencySeconds, now: Date.now, emit: (n) => void server.publish(n) });
    generator.start();
    await waitFor('latency phase generated', () => generator.emitted() >= rate * latencySeconds, (latencySeconds + 30) * 1000, 50);
    await waitFor('latency phase durable', () => durable >= server.published().length, 60_000, 20);
    const latencies = chunks.flatMap((c) => c.receivedAtMs.filter((r) => r >= latencyStart).map((r) => c.durableAtMs - r));
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    say(`latency at ${rate}/s: n=${latencies.length} p50_ms=${p50} p99_ms=${p99} max_ms=${Math.max(...latencies)}`);

    // 2. throughput of a burst.
    const before = server.published().length;
    const producedTarget = streamer.health().published + burst;
    const burstStart = Date.now();
    for (let sent = 0; sent < burst; sent += 1000) {
      server.publish(Math.min(1000, burst - sent));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await waitFor('burst produced', () => streamer.health().published >= producedTarget, 120_000, 20);
    const producedMs = Date.now() - burstStart;
    await waitFor('burst durable', () => durable >= before + burst, 120_000, 20);
    const lastDurable = Math.max(...chunks.slice(-50).map((c) => c.durableAtMs));
    const msgsPerS = burst / ((lastDurable - burstStart) / 1000);
    const flushes = chunks.filter((c) => c.durableAtMs >= burstStart);
    say(`throughput: ${burst} articles in ${lastDurable - burstStart} ms = ${Math.round(msgsPerS)} articles/s (websocket -> Kafka -> lake + DuckDB); in Kafka after ${producedMs} ms (${Math.round(burst / (producedMs / 1000))}/s); sink objects ${flushes.length}, flushes ${new Set(flushes.map((c) => c.durableAtMs)).size}`);

    await streamer.stop();
    worker.send({ type: 'stop' });
    await waitFor('sink worker ids', () => ids !== undefined, 60_000);
    const { lost, dup, extra } = exactlyOnce(server.published(), ids!);
    say(`exactly once: published=${server.published().length} rows=${ids!.length} lost=${lost} dup=${dup} extra=${extra}`);

    // 3. the broker's limit with the same record size.
    const recordSize = meanLineBytes(args.lakeDir);
    await stream.createTopics([{ topic: 'perf', partitions }]);
    const target = { classpath: kafkaClasspath(paths), log4jConfig: paths.kafkaLog4jConfig, bootstrap: broker.brokers[0]! };
    const produced = await producerPerf(target, 'perf', perfRecords, recordSize);
    const consumed = await consumerPerf(target, 'perf', perfRecords, 'perf-consumer');
    const brokerMsgsPerS = Math.min(produced, consumed);
    say(`kafka perf tools (record ${recordSize} B, ${perfRecords} records, ${partitions} partitions): producer ${Math.round(produced)} msg/s, consumer ${Math.round(consumed)} msg/s`);
    say(resultLine({ msgsPerS, brokerMsgsPerS, p50Ms: p50, p99Ms: p99, lost, dup }));
  } finally {
    if (worker.exitCode === null) worker.kill('SIGKILL');
    await streamer.stop().catch(() => undefined);
    await stream.close().catch(() => undefined);
    await server.stop();
    await broker.stop({ removeData: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench stream failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
