/**
 * `npm run bench:stream`: the news stream end to end on one laptop, 127.0.0.1 only, on its own
 * Kafka broker. Each service is its own process, as in production (the websocket server is
 * Alpaca's, the streamer and the lake sink are separate Cloud Run services), and this process only
 * directs and measures: replay websocket (replay-worker.ts) -> streamer (streamer-worker.ts) ->
 * Kafka -> lake sink (sink-worker.ts) -> local lake + DuckDB.
 *
 * 1. latency: STREAM_BENCH_RATE articles/s (default 1000) for STREAM_BENCH_LATENCY_S s (default
 *    20); latency = durable write (lake object + MERGEs done) minus the websocket receive time
 *    (`received_at`), p50/p99.
 * 2. throughput: STREAM_BENCH_BURST articles (default 60000) sent at once; sustained articles/s =
 *    burst / (last durable write - first send). It also prints the CPU each process used per 1000
 *    articles (from /proc): where the time goes, and a figure that holds on a shared machine.
 * 3. the broker's limit: Kafka's ProducerPerformance (acks=all, idempotent, as our producer) and
 *    ConsumerPerformance on the same broker with the same record size (the mean NewsMessage
 *    size); the limit is the lower of the two.
 * 4. why: the Kafka client alone (client-floor.ts) producing and consuming records of that size, and
 *    the CPU budget a 0.5 ratio leaves for our own per-article work once the stand-in, the broker
 *    and the client are paid for (stats.ts `cpuBudget`).
 * 5. the least own work (least-work.ts): each step the issue asks for, in its cheapest form, per
 *    article; with the fixed part it bounds the ratio a run reaches on this machine's cores.
 * Sink tuning (defaults measured as best on two cores): STREAM_BENCH_SINK_CONCURRENCY (partitions
 * handled at once, default all), STREAM_BENCH_FETCH_MIN_BYTES (262144) / _FETCH_MAX_WAIT_MS
 * (250), STREAM_BENCH_DUCKDB_THREADS (1), STREAM_BENCH_SINK_LINGER_MS (0); streamer:
 * STREAM_BENCH_MAX_BATCH; STREAM_BENCH_CPU_PROF_DIR writes V8 CPU profiles of the workers.
 * Last line: `RESULT stream msgs_per_s=<n> broker_msgs_per_s=<n> ratio=<n> p50_ms=<n> p99_ms=<n> lost=<n> dup=<n>`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { kafkaClasspath, standInPaths, startKafkaBroker } from '../../dev/services';
import { createKafkaStream } from '../../shared/stream';
import { exactlyOnce, tempDir } from '../../streamer/consumers/test-support';
import { waitFor } from '../../streamer/test-support';
import { cpuMeter, findPid } from './cpu';
import { consumerPerf, producerPerf } from './kafka-perf';
import type { ReplayWorkerReport, ReplayWorkerRequest } from './replay-worker';
import type { SinkWorkerArgs, SinkWorkerReport } from './sink-worker';
import type { StreamerWorkerArgs, StreamerWorkerReport } from './streamer-worker';
import { measureClientCost } from './client-floor';
import { measureLeastWork } from './least-work';
import { cpuBudget, percentile, ratioBound, resultLine } from './stats';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const rate = env('STREAM_BENCH_RATE', 1000);
const latencySeconds = env('STREAM_BENCH_LATENCY_S', 20);
const burst = env('STREAM_BENCH_BURST', 60_000);
const perfRecords = env('STREAM_BENCH_PERF_RECORDS', 200_000);
/** Articles the least-work measurement (least-work.ts) runs through each step. */
const leastArticles = env('STREAM_BENCH_LEAST_ARTICLES', 30_000);
const partitions = env('STREAM_BENCH_PARTITIONS', 6);
/** A folder for V8 CPU profiles of the workers (`--cpu-prof`), for finding where time goes. */
const cpuProfDir = process.env.STREAM_BENCH_CPU_PROF_DIR;
/** The streamer's most messages per producer send (absent: its default). */
const maxBatch = process.env.STREAM_BENCH_MAX_BATCH ? Number(process.env.STREAM_BENCH_MAX_BATCH) : undefined;
const maxBatchBytes = process.env.STREAM_BENCH_MAX_BATCH_BYTES
  ? Number(process.env.STREAM_BENCH_MAX_BATCH_BYTES)
  : undefined;
const say = (line: string) => process.stdout.write(`${line}\n`);
/** Cores the whole chain shares (the CI machine has 2). */
const cores = availableParallelism();

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

/** A bench worker process (TypeScript through tsx), with IPC; profiled when STREAM_BENCH_CPU_PROF_DIR is set. */
function forkWorker(file: string, args: string[] = []): ChildProcess {
  return fork(path.join(__dirname, file), args, {
    execArgv: ['--import', 'tsx', ...(cpuProfDir ? ['--cpu-prof', '--cpu-prof-dir', cpuProfDir] : [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function main(): Promise<void> {
  const paths = standInPaths();
  const work = tempDir('bench-stream');
  const broker = await startKafkaBroker({ paths, logDir: path.join(work, 'logs') });
  say(
    `bench stream: broker ${broker.brokers[0]}, rate ${rate}/s for ${latencySeconds} s, burst ${burst}, work dir ${work}`,
  );
  const args: SinkWorkerArgs = {
    brokers: broker.brokers,
    topic: 'news',
    groupId: 'lake-sink',
    lakeDir: path.join(work, 'lake'),
    duckdbPath: path.join(work, 'warehouse.duckdb'),
    maxMessages: 1000,
    maxSpanMs: 60_000,
    concurrency: env('STREAM_BENCH_SINK_CONCURRENCY', partitions),
    lingerMs: env('STREAM_BENCH_SINK_LINGER_MS', 0),
    fetchMinBytes: env('STREAM_BENCH_FETCH_MIN_BYTES', 256 * 1024),
    fetchMaxWaitMs: env('STREAM_BENCH_FETCH_MAX_WAIT_MS', 250),
    duckdbThreads: env('STREAM_BENCH_DUCKDB_THREADS', 1),
  };
  // The topics exist before any worker starts: the sink must not join a group on a missing topic.
  const stream = createKafkaStream({ brokers: broker.brokers, clientId: 'bench-admin' });
  await stream.createTopics([
    { topic: 'news', partitions },
    { topic: 'news.dlq', partitions },
  ]);
  const replay = forkWorker('replay-worker.ts');
  const worker = forkWorker('sink-worker.ts', [JSON.stringify(args)]);
  const chunks: Extract<SinkWorkerReport, { type: 'chunk' }>[] = [];
  let durable = 0;
  let ready = false;
  let ids: string[] | undefined;
  worker.on('message', (report: SinkWorkerReport) => {
    if (report.type === 'chunk') {
      chunks.push(report);
      durable += report.messages;
    } else if (report.type === 'ready') ready = true;
    else ids = report.ids;
  });
  let server: Extract<ReplayWorkerReport, { type: 'ready' }> | undefined;
  let published = 0;
  let requestId = 0;
  let sentAll = false;
  let publishedIds: number[] | undefined;
  replay.on('message', (report: ReplayWorkerReport) => {
    if (report.type === 'ready') server = report;
    else if (report.type === 'published') {
      published = Math.max(published, report.count);
      sentAll ||= report.done && report.id === requestId;
    } else publishedIds = report.ids;
  });
  const request = (r: ReplayWorkerRequest) => ((sentAll = false), replay.send(r));
  const next = () => (requestId += 1);
  let streamer: ChildProcess | undefined;
  let streamerReady = false;
  let producedCount = 0;
  let streamerStopped = false;
  try {
    await waitFor('replay server ready', () => server !== undefined, 60_000);
    const { streamUrl, baseUrl, credentials } = server!;
    const streamerArgs: StreamerWorkerArgs = {
      brokers: broker.brokers,
      server: { streamUrl, baseUrl, credentials },
      partitions,
      ...(maxBatch ? { maxBatch } : {}),
      ...(maxBatchBytes ? { maxBatchBytes } : {}),
    };
    streamer = forkWorker('streamer-worker.ts', [JSON.stringify(streamerArgs)]);
    streamer.on('message', (report: StreamerWorkerReport) => {
      if (report.type === 'ready') streamerReady = true;
      else if (report.type === 'published') producedCount = report.count;
      else streamerStopped = true;
    });
    await waitFor('streamer subscribed', () => streamerReady, 60_000);
    await waitFor('sink worker ready', () => ready, 60_000);
    request({ type: 'burst', id: next(), count: 200 }); // warm-up: topic metadata, the group's first join, DuckDB's first MERGE
    await waitFor('warm-up durable', () => durable >= 200, 60_000);

    // 1. latency at the target rate.
    const latencyStart = Date.now();
    request({ type: 'rate', id: next(), ratePerSec: rate, count: rate * latencySeconds });
    await waitFor('latency phase generated', () => sentAll, (latencySeconds + 30) * 1000, 50);
    await waitFor('latency phase durable', () => durable >= published, 60_000, 20);
    const latencies = chunks.flatMap((c) =>
      c.receivedAtMs.filter((r) => r >= latencyStart).map((r) => c.durableAtMs - r),
    );
    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    say(`latency at ${rate}/s: n=${latencies.length} p50_ms=${p50} p99_ms=${p99} max_ms=${Math.max(...latencies)}`);

    // 2. throughput of a burst.
    const before = published;
    const producedTarget = producedCount + burst;
    const cpu = cpuMeter({
      'ws server': replay.pid,
      streamer: streamer.pid,
      'lake sink': worker.pid,
      broker: findPid(broker.dataDir),
    });
    const burstStart = Date.now();
    request({ type: 'burst', id: next(), count: burst });
    await waitFor('burst produced', () => producedCount >= producedTarget, 120_000, 20);
    const producedMs = Date.now() - burstStart;
    await waitFor('burst durable', () => durable >= before + burst, 120_000, 20);
    const lastDurable = Math.max(...chunks.slice(-50).map((c) => c.durableAtMs));
    const msgsPerS = burst / ((lastDurable - burstStart) / 1000);
    const cpuMs = cpu.delta();
    const flushes = chunks.filter((c) => c.durableAtMs >= burstStart);
    say(
      `throughput: ${burst} articles in ${lastDurable - burstStart} ms = ${Math.round(msgsPerS)} articles/s (websocket -> Kafka -> lake + DuckDB); in Kafka after ${producedMs} ms (${Math.round(burst / (producedMs / 1000))}/s); sink objects ${flushes.length}, flushes ${new Set(flushes.map((c) => c.durableAtMs)).size}`,
    );
    const cpuTotal = Object.values(cpuMs).reduce((a, b) => a + b, 0);
    say(
      `cpu during the burst, ms per 1000 articles: ${Object.entries(cpuMs)
        .map(([name, ms]) => `${name} ${Math.round((ms * 1000) / burst)}`)
        .join(
          ', ',
        )}; total ${Math.round((cpuTotal * 1000) / burst)} (${cores} cores: ${cores * 1000} ms per s); load ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );

    streamer.send({ type: 'stop' });
    await waitFor('streamer stopped', () => streamerStopped, 60_000);
    worker.send({ type: 'stop' });
    request({ type: 'stop' });
    await waitFor('sink worker ids', () => ids !== undefined && publishedIds !== undefined, 60_000);
    const { lost, dup, extra } = exactlyOnce(publishedIds!, ids!);
    say(`exactly once: published=${publishedIds!.length} rows=${ids!.length} lost=${lost} dup=${dup} extra=${extra}`);

    // 3. the broker's limit with the same record size.
    const recordSize = meanLineBytes(args.lakeDir);
    await stream.createTopics([{ topic: 'perf', partitions }]);
    const target = {
      classpath: kafkaClasspath(paths),
      log4jConfig: paths.kafkaLog4jConfig,
      bootstrap: broker.brokers[0]!,
    };
    const produced = await producerPerf(target, 'perf', perfRecords, recordSize);
    const consumed = await consumerPerf(target, 'perf', perfRecords, 'perf-consumer');
    const brokerMsgsPerS = Math.min(produced, consumed);
    say(
      `kafka perf tools (record ${recordSize} B, ${perfRecords} records, ${partitions} partitions): producer ${Math.round(produced)} msg/s, consumer ${Math.round(consumed)} msg/s`,
    );

    // 4. Why the ratio is what it is: the Kafka client's own CPU, and the budget the target leaves.
    await stream.createTopics([{ topic: 'client-floor', partitions }]);
    const client = await measureClientCost(stream, 'client-floor', partitions, perfRecords / 2, recordSize);
    const per1000 = (name: string) => ((cpuMs[name] ?? 0) * 1000) / burst;
    const budget = cpuBudget(
      {
        wsServer: per1000('ws server'),
        broker: per1000('broker'),
        streamer: per1000('streamer'),
        sink: per1000('lake sink'),
        clientProduce: client.produceMsPer1000,
        clientConsume: client.consumeMsPer1000,
      },
      brokerMsgsPerS,
      cores,
    );
    const ms = (n: number) => n.toFixed(1);
    say(
      `kafka client alone (kafkajs via shared/stream, ${perfRecords / 2} records): produce ${ms(client.produceMsPer1000)} + consume ${ms(client.consumeMsPer1000)} ms CPU per 1000`,
    );
    say(
      `cpu budget at 0.5 x broker (${Math.round(budget.targetMsgsPerS)}/s on ${cores} cores): ${ms(budget.budgetMsPer1000)} ms per 1000; stand-in + broker + client take ${ms(budget.fixedMsPer1000)}, ` +
        `leaving ${ms(budget.leftMsPer1000)} for validation, dedupe, lake and MERGE, which take ${ms(budget.oursMsPer1000)} now; this CPU cost allows at most ratio ${budget.cpuBoundRatio.toFixed(3)}`,
    );
    const least = await measureLeastWork(leastArticles);
    const leastMs = Object.values(least).reduce((sum, n) => sum + n, 0);
    say(
      `least own work, each required step once in its cheapest form, ms CPU per 1000 (${leastArticles} stand-in articles): ${Object.entries(
        least,
      )
        .map(([step, n]) => `${step} ${ms(n)}`)
        .join(' + ')} = ${ms(leastMs)} ` +
        `against the ${ms(budget.leftMsPer1000)} left; with stand-in + broker + client ${ms(budget.fixedMsPer1000)}, ${cores} cores at full use give ratio <= ${ratioBound(budget.fixedMsPer1000 + leastMs, brokerMsgsPerS, cores).toFixed(3)} (target 0.5); ` +
        `with no contract check at all (the issue requires one) <= ${ratioBound(budget.fixedMsPer1000 + leastMs - least.check, brokerMsgsPerS, cores).toFixed(3)}`,
    );
    say(resultLine({ msgsPerS, brokerMsgsPerS, p50Ms: p50, p99Ms: p99, lost, dup }));
  } finally {
    for (const child of [streamer, worker, replay]) if (child && child.exitCode === null) child.kill('SIGKILL');
    await stream.close().catch(() => undefined);
    await broker.stop({ removeData: true });
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  process.stderr.write(`bench stream failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
