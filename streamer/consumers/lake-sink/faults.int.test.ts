/**
 * The lake sink under faults, each asserting 0 lost and 0 duplicated rows in `news` and lake
 * objects that never overlap: (b) the Kafka broker stops and restarts mid-stream (its own broker);
 * (c) a sink process is SIGKILLed after a batch is durable but before its commit, and a fresh sink
 * rewrites the same object with a MERGE that adds no rows; (d) two sinks in one group rebalance.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startKafkaBroker, type KafkaBrokerHandle } from '../../../dev/services';
import { startNewsReplayServer, type NewsReplayServer } from '../../../dev/replay-news';
import { createLocalDirLake, type Lake } from '../../../shared/lake';
import { createKafkaStream, type Stream } from '../../../shared/stream';
import type { Warehouse } from '../../../shared/warehouse';
import { testEndpoints, uniqueName } from '../../../test/harness/endpoints';
import { createNewsStreamer, type NewsStreamer } from '../../streamer';
import { fastStreamerOptions, quietLogger, waitFor } from '../../test-support';
import { exactlyOnce, overlappingOffsets, readSinkObjects, rowCounts, tempDir, tempDuckDb } from '../test-support';
import { startLakeSink, type RunningLakeSink } from './main';
import type { DurableChunk } from './sink';
import type { DyingSinkArgs } from './testing/dying-sink';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const limits = { maxMessages: 20, maxSpanMs: 60_000 };

describe('lake sink faults', () => {
  let server: NewsReplayServer;
  let lakeDir: string;
  let lake: Lake;
  let warehouse: Warehouse | undefined;
  let topic: string;
  const cleanups: (() => Promise<unknown>)[] = [];

  const newsIds = async () => (await rowCounts(warehouse!, 'news', 'id')).values;

  /** Streams `server`'s articles into `topic` until stop. */
  async function startStreamer(stream: Stream, partitions = 3): Promise<NewsStreamer> {
    const streamer = createNewsStreamer(
      fastStreamerOptions(server, { topic, dlqTopic: `${topic}.dlq`, topicPartitions: partitions }),
      { stream, logger: quietLogger() },
    );
    cleanups.push(() => streamer.stop());
    await streamer.start();
    await waitFor('subscribed', () => streamer.health().connected);
    return streamer;
  }

  /** Publishes `count` articles and waits until the streamer made them durable in Kafka. */
  async function publishDurably(streamer: NewsStreamer, count: number, timeoutMs = 30_000): Promise<void> {
    const target = server.published().length + count;
    server.publish(count);
    await waitFor(`${target} articles produced`, () => streamer.health().published >= target, timeoutMs);
  }

  async function expectExactlyOnce(): Promise<void> {
    const published = server.published().map(String);
    expect(exactlyOnce(published, await newsIds())).toEqual({ lost: 0, dup: 0, extra: 0 });
    const objects = await readSinkObjects(lake, topic);
    expect(exactlyOnce(published, [...new Set(objects.flatMap((o) => o.ids))])).toEqual({ lost: 0, dup: 0, extra: 0 });
    expect(overlappingOffsets(objects)).toEqual([]);
  }

  beforeEach(async () => {
    server = await startNewsReplayServer();
    topic = uniqueName('news');
    lakeDir = tempDir('sink-faults-lake');
    lake = createLocalDirLake({ root: lakeDir });
    warehouse = undefined;
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
    await warehouse?.close();
    await server.stop();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  describe('(b) on its own broker', () => {
    let broker: KafkaBrokerHandle;
    beforeAll(async () => {
      broker = await startKafkaBroker({
        logDir: process.env.TEST_STANDIN_LOG_DIR ?? path.join(os.tmpdir(), 'market-data-standins'),
      });
    }, 120_000);
    afterAll(() => broker?.stop({ removeData: true }));

    it('the broker is stopped and restarted mid-stream: 0 lost, 0 duplicated rows', async () => {
      const stream = createKafkaStream({ brokers: broker.brokers, clientId: uniqueName('restart') });
      cleanups.push(() => stream.close());
      warehouse = await tempDuckDb();
      const streamer = await startStreamer(stream);
      const sink = await startLakeSink(
        { stream, lake, warehouse },
        { topic, groupId: uniqueName('lake-sink'), limits },
      );
      cleanups.push(() => sink.stop());

      await publishDurably(streamer, 40);
      await waitFor('the sink wrote the first articles', async () => (await newsIds()).length >= 40);
      await broker.stop();
      server.publish(40); // accepted while the broker is down: the producer must retry them
      await waitFor('the streamer saw failing sends', () => streamer.health().pending > 0);
      await broker.restart();
      await publishDurably(streamer, 40, 120_000);
      await waitFor('120 articles in news', async () => (await newsIds()).length >= 120, 120_000);

      await expectExactlyOnce();
      expect(await newsIds()).toHaveLength(120);
    }, 240_000);
  });

  it('(c) a sink SIGKILLed after a durable batch but before its commit: the fresh sink overwrites the same object and its MERGE adds no rows', async () => {
    const brokers = testEndpoints().kafkaBrokers;
    const stream = createKafkaStream({ brokers, clientId: uniqueName('sigkill') });
    cleanups.push(() => stream.close());
    const streamer = await startStreamer(stream, 2);
    await publishDurably(streamer, 100);
    await streamer.stop();

    const whDir = tempDir('sink-faults-wh');
    const groupId = uniqueName('lake-sink');
    const args: DyingSinkArgs = {
      brokers,
      topic,
      groupId,
      lakeDir,
      duckdbPath: path.join(whDir, 'warehouse.duckdb'),
      maxMessages: limits.maxMessages,
      markerFile: path.join(whDir, 'killed-after.json'),
    };
    const child = spawn('npx', ['tsx', path.join(__dirname, 'testing', 'dying-sink.ts'), JSON.stringify(args)], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
      const timer = setTimeout(
        () => (child.kill('SIGKILL'), reject(new Error(`dying sink did not die within 60 s; stderr: ${stderr}`))),
        60_000,
      );
      child.once('exit', (code, signal) => (clearTimeout(timer), resolve({ code, signal })));
    });
    // npx relays the child's death by SIGKILL as the signal itself or as exit status 128 + 9.
    expect(exit.signal === 'SIGKILL' || exit.code === 137).toBe(true);
    expect(existsSync(args.markerFile)).toBe(true);
    const killedAfter = JSON.parse(readFileSync(args.markerFile, 'utf8')) as DurableChunk;
    expect(killedAfter.inserted).toBe(killedAfter.messages);

    // Durable before the kill, and nothing committed: the batch must be delivered again.
    const admin = new Kafka({ clientId: 'offsets-probe', brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    await admin.disconnect();
    expect(committed!.partitions.find((p) => p.partition === killedAfter.partition)!.offset).toBe('-1');
    const objectBefore = await lake.get(killedAfter.key);

    warehouse = await tempDuckDb(whDir);
    // The whole flush that held the chunk is durable (its batch may have had more chunks).
    const before = await newsIds();
    expect(before).toEqual(expect.arrayContaining(killedAfter.articles.map((a) => a.id)));
    const chunks: DurableChunk[] = [];
    const fresh = await startLakeSink(
      { stream, lake, warehouse },
      { topic, groupId, limits, onDurable: (c) => void chunks.push(c) },
    );
    cleanups.push(() => fresh.stop());
    // Nothing was committed, so the fresh sink sees all 100 messages again, the killed batch included.
    await waitFor(
      'all 100 messages redelivered and durable',
      () => chunks.reduce((n, c) => n + c.messages, 0) >= 100,
      60_000,
    );

    const redelivered = chunks.find(
      (c) => c.partition === killedAfter.partition && c.firstOffset === killedAfter.firstOffset,
    )!;
    expect(redelivered).toMatchObject({
      key: killedAfter.key,
      lastOffset: killedAfter.lastOffset,
      inserted: 0,
      updated: killedAfter.messages,
    });
    expect((await lake.get(killedAfter.key)).equals(objectBefore)).toBe(true);
    expect(chunks.reduce((n, c) => n + c.inserted, 0)).toBe(100 - before.length);
    await expectExactlyOnce();
    expect(await newsIds()).toHaveLength(100);
  }, 120_000);

  it('(d) two sink instances in one group: the second joins mid-stream, then the first stops; 0 lost, 0 duplicated rows', async () => {
    const brokers = testEndpoints().kafkaBrokers;
    const producerStream = createKafkaStream({ brokers, clientId: uniqueName('producer') });
    const streamA = createKafkaStream({ brokers, clientId: uniqueName('sink-a'), sessionTimeoutMs: 6_000 });
    const streamB = createKafkaStream({ brokers, clientId: uniqueName('sink-b'), sessionTimeoutMs: 6_000 });
    cleanups.push(
      () => producerStream.close(),
      () => streamA.close(),
      () => streamB.close(),
    );
    warehouse = await tempDuckDb();
    const streamer = await startStreamer(producerStream, 4);
    const groupId = uniqueName('lake-sink');
    const a = await startLakeSink({ stream: streamA, lake, warehouse }, { topic, groupId, limits });
    cleanups.push(() => a.stop());
    let b: RunningLakeSink | undefined;

    for (let round = 1; round <= 24; round++) {
      await publishDurably(streamer, 25);
      if (round === 6) {
        b = await startLakeSink({ stream: streamB, lake, warehouse }, { topic, groupId, limits });
        cleanups.push(() => b!.stop());
      }
      if (round === 8) await waitFor('the second sink took partitions', () => b!.sink.stats().batches > 0, 60_000);
      if (round === 12) await a.stop();
    }
    await waitFor('600 articles in news', async () => (await newsIds()).length >= 600, 60_000);

    const statsA = a.sink.stats();
    const statsB = b!.sink.stats();
    expect(statsA.messages).toBeGreaterThan(0);
    expect(statsB.messages).toBeGreaterThan(0);
    await expectExactlyOnce();
    expect(await newsIds()).toHaveLength(600);
  }, 180_000);
});
