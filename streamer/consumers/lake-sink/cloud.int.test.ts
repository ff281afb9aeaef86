/**
 * One run of the lake sink on the cloud stand-ins: websocket -> streamer -> Kafka -> lake sink ->
 * Cloud Storage (fake-gcs-server) + BigQuery (bigquery-emulator). Same exactly-once assertions as
 * on the local lake and DuckDB, including a redelivery that must add no rows.
 */
import { Storage } from '@google-cloud/storage';
import { startNewsReplayServer, type NewsReplayServer } from '../../../dev/replay-news';
import { createGcsLake, type GcsLake } from '../../../shared/lake';
import { createKafkaStream, type Stream } from '../../../shared/stream';
import { createWarehouse, type Warehouse } from '../../../shared/warehouse';
import { testEndpoints, uniqueName } from '../../../test/harness/endpoints';
import { createNewsStreamer, type NewsStreamer } from '../../streamer';
import { fastStreamerOptions, quietLogger, waitFor } from '../../test-support';
import { exactlyOnce, overlappingOffsets, readSinkObjects, rowCounts } from '../test-support';
import { startLakeSink, type RunningLakeSink } from './main';
import type { DurableChunk } from './sink';

const endpoints = testEndpoints();

describe(`lake sink on fake-gcs-server (${endpoints.gcsApiEndpoint}) and bigquery-emulator (${endpoints.bigqueryApiEndpoint})`, () => {
  let server: NewsReplayServer;
  let stream: Stream;
  let lake: GcsLake;
  let bucket: string;
  let warehouse: Warehouse;
  let streamer: NewsStreamer | undefined;
  let sink: RunningLakeSink | undefined;

  beforeEach(async () => {
    server = await startNewsReplayServer();
    stream = createKafkaStream({ brokers: endpoints.kafkaBrokers, clientId: uniqueName('cloud-sink') });
    bucket = uniqueName('lake').toLowerCase().replace(/_/g, '-');
    lake = createGcsLake({ bucket, projectId: endpoints.projectId, apiEndpoint: endpoints.gcsApiEndpoint });
    await lake.ensureBucket();
    warehouse = await createWarehouse({
      backend: 'bigquery',
      duckdbPath: ':memory:',
      projectId: endpoints.projectId,
      dataset: uniqueName('news_wh'),
      location: 'US',
      apiEndpoint: endpoints.bigqueryApiEndpoint,
    });
  });

  afterEach(async () => {
    await streamer?.stop();
    await sink?.stop();
    await stream.close();
    await warehouse.close();
    await server.stop();
    const storage = new Storage({ projectId: endpoints.projectId, apiEndpoint: endpoints.gcsApiEndpoint });
    await storage.bucket(bucket).deleteFiles({ force: true });
    await storage.bucket(bucket).delete({ ignoreNotFound: true });
  });

  it('writes every article exactly once to the bucket and BigQuery; a second group over the same topic adds no rows', async () => {
    const topic = uniqueName('news');
    streamer = createNewsStreamer(
      fastStreamerOptions(server, { topic, dlqTopic: `${topic}.dlq`, topicPartitions: 2 }),
      { stream, logger: quietLogger() },
    );
    await streamer.start();
    await waitFor('subscribed', () => streamer!.health().connected);
    server.publish(30);
    await waitFor('30 produced', () => streamer!.health().published >= 30);
    const chunks: DurableChunk[] = [];
    sink = await startLakeSink(
      { stream, lake, warehouse },
      {
        topic,
        groupId: uniqueName('lake-sink'),
        limits: { maxMessages: 10, maxSpanMs: 60_000 },
        onDurable: (c) => void chunks.push(c),
      },
    );
    const newsIds = async () => (await rowCounts(warehouse, 'news', 'id')).values;
    await waitFor('30 articles in BigQuery', async () => (await newsIds()).length >= 30, 90_000, 250);

    const published = server.published().map(String);
    expect(exactlyOnce(published, await newsIds())).toEqual({ lost: 0, dup: 0, extra: 0 });
    const objects = await readSinkObjects(lake, topic);
    expect(
      exactlyOnce(
        published,
        objects.flatMap((o) => o.ids),
      ),
    ).toEqual({ lost: 0, dup: 0, extra: 0 });
    expect(overlappingOffsets(objects)).toEqual([]);

    // Everything delivered again (a new group from the beginning): same objects, no new rows.
    await sink.stop();
    const first = chunks.splice(0);
    sink = await startLakeSink(
      { stream, lake, warehouse },
      {
        topic,
        groupId: uniqueName('lake-sink-again'),
        limits: { maxMessages: 10, maxSpanMs: 60_000 },
        onDurable: (c) => void chunks.push(c),
      },
    );
    await waitFor('all 30 redelivered', () => chunks.reduce((n, c) => n + c.messages, 0) >= 30, 90_000, 250);
    expect(chunks.reduce((n, c) => n + c.inserted, 0)).toBe(0);
    expect(new Set(chunks.map((c) => c.key))).toEqual(new Set(first.map((c) => c.key)));
    expect(exactlyOnce(published, await newsIds())).toEqual({ lost: 0, dup: 0, extra: 0 });
    expect((await readSinkObjects(lake, topic)).map((o) => o.key).sort()).toEqual(objects.map((o) => o.key).sort());
  }, 180_000);
});
