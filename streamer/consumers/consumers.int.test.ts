/**
 * End to end on the shared Kafka broker: replay websocket (+ REST) -> streamer -> Kafka ->
 * lake-sink -> local lake + DuckDB, and -> analyst -> news_signals + an event pulled from the
 * Pub/Sub emulator. Every article sent appears exactly once in `news`, also across a dropped
 * websocket (REST catch-up); a malformed article goes to the DLQ and never reaches `news`.
 */
import { PubSub, type Message, type Subscription } from '@google-cloud/pubsub';
import { gunzipSync } from 'node:zlib';
import { rmSync } from 'node:fs';
import { REPLAY_NEWS_SYMBOLS, startNewsReplayServer, type NewsReplayServer } from '../../dev/replay-news';
import { createEventPublisher, type EventPublisher } from '../../shared/events';
import { createLocalDirLake, type Lake } from '../../shared/lake';
import { createKafkaStream, type Stream } from '../../shared/stream';
import type { Warehouse } from '../../shared/warehouse';
import { testEndpoints, uniqueName } from '../../test/harness/endpoints';
import { DLQ_REASON_HEADER } from '../publish';
import { createNewsStreamer, type NewsStreamer } from '../streamer';
import { fastStreamerOptions, quietLogger, readTopic, waitFor } from '../test-support';
import { startAnalyst, type RunningAnalyst } from './analyst/main';
import type { NewsSignalEvent } from './analyst/sink';
import { startLakeSink, type RunningLakeSink } from './lake-sink/main';
import { exactlyOnce, overlappingOffsets, readSinkObjects, rowCounts, tempDir, tempDuckDb } from './test-support';

const endpoints = testEndpoints();
const pubsubClient = () =>
  new PubSub({
    projectId: endpoints.projectId,
    apiEndpoint: endpoints.pubsubEmulatorHost,
    emulatorMode: true,
    credentials: { client_email: 'test@localhost', private_key: 'unused' },
  });

describe('news consumers end to end (kafka, local lake, DuckDB, Pub/Sub emulator)', () => {
  let server: NewsReplayServer;
  let stream: Stream;
  let lakeDir: string;
  let lake: Lake;
  let warehouse: Warehouse;
  let events: EventPublisher;
  let topic: string;
  let dlqTopic: string;
  let streamer: NewsStreamer;
  let sink: RunningLakeSink;
  let analyst: RunningAnalyst | undefined;

  async function startAll(options: { analystOn?: string } = {}) {
    streamer = createNewsStreamer(fastStreamerOptions(server, { topic, dlqTopic }), { stream, logger: quietLogger() });
    await streamer.start();
    await waitFor('subscribed', () => streamer.health().connected);
    sink = await startLakeSink(
      { stream, lake, warehouse },
      { topic, groupId: uniqueName('lake-sink'), limits: { maxMessages: 25, maxSpanMs: 60_000 } },
    );
    if (options.analystOn) {
      analyst = await startAnalyst(
        { stream, warehouse, events },
        { topic, groupId: uniqueName('analyst'), signalsTopic: options.analystOn, knownTickers: REPLAY_NEWS_SYMBOLS },
      );
    }
  }

  const newsIds = async () => (await rowCounts(warehouse, 'news', 'id')).values;

  beforeEach(async () => {
    server = await startNewsReplayServer();
    stream = createKafkaStream({ brokers: endpoints.kafkaBrokers, clientId: uniqueName('consumers-test') });
    topic = uniqueName('news');
    dlqTopic = `${topic}.dlq`;
    lakeDir = tempDir('consumers-lake');
    lake = createLocalDirLake({ root: lakeDir });
    warehouse = await tempDuckDb(tempDir('consumers-wh'));
    events = createEventPublisher(
      { projectId: endpoints.projectId, emulatorHost: endpoints.pubsubEmulatorHost },
      { dir: tempDir('unused-events') },
    );
    analyst = undefined;
  });

  afterEach(async () => {
    await streamer?.stop();
    await sink?.stop();
    await analyst?.stop();
    await stream.close();
    await events.close();
    await warehouse.close();
    await server.stop();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  it('websocket -> streamer -> Kafka -> lake-sink (lake + news, news_tickers) and -> analyst (news_signals + Pub/Sub): every article exactly once', async () => {
    const signalsTopic = uniqueName('news-signals');
    const client = pubsubClient();
    const [created] = await client.createTopic(signalsTopic);
    const [subscription]: [Subscription, ...unknown[]] = await created.createSubscription(uniqueName('agents'));
    const received: Message[] = [];
    subscription.on('message', (m: Message) => (m.ack(), received.push(m)));
    try {
      await startAll({ analystOn: signalsTopic });
      server.publish(60);
      const published = server.published().map(String);
      await waitFor('60 articles in news', async () => (await newsIds()).length >= 60);
      await waitFor('60 signal events', () => new Set(received.map((m) => m.attributes.article_id)).size >= 60);

      expect(exactlyOnce(published, await newsIds())).toEqual({ lost: 0, dup: 0, extra: 0 });
      const objects = await readSinkObjects(lake, topic);
      expect(
        exactlyOnce(
          published,
          objects.flatMap((o) => o.ids),
        ),
      ).toEqual({ lost: 0, dup: 0, extra: 0 });
      expect(overlappingOffsets(objects)).toEqual([]);
      expect(objects.every((o) => o.ids.length <= 25)).toBe(true);
      expect(objects[0]!.key).toMatch(
        new RegExp(`^stream/${topic}/dt=\\d{4}-\\d{2}-\\d{2}/hour=\\d{2}/\\d+-\\d+-\\d+\\.jsonl\\.gz$`),
      );

      // Plain text in the warehouse, the provider's HTML intact in the lake.
      const [html] = await warehouse.query<{ content: string }>(
        `SELECT content FROM ${warehouse.tableRef('news')} WHERE id = @id`,
        { id: published[0] },
      );
      expect(html!.content).not.toMatch(/<p>/);
      const firstObject = objects.find((o) => o.ids.includes(published[0]!))!;
      const objectBytes = await lake.get(firstObject.key);
      expect(gunzipSync(objectBytes).toString('utf8')).toMatch(/<p>Article <b>/);
      // Gzipped for speed like every JSON-lines archive (ARCHIVE_GZIP): XFL (byte 8) 4 means the fastest level.
      expect(objectBytes[8]).toBe(4);

      const history = server.history();
      const tickers = await rowCounts(warehouse, 'news_tickers', "article_id || '|' || ticker");
      expect(tickers.rows).toBe(history.reduce((n, r) => n + r.symbols.length, 0));
      expect(tickers.distinct).toBe(tickers.rows);

      const signals = await warehouse.query<{
        article_id: string;
        ticker: string;
        tagged_by: string;
        sentiment: number;
        sentiment_label: string;
      }>(`SELECT article_id, ticker, tagged_by, sentiment, sentiment_label FROM ${warehouse.tableRef('news_signals')}`);
      expect(new Set(signals.map((s) => s.article_id))).toEqual(new Set(published));
      const first = signals.filter((s) => s.article_id === published[0]);
      expect(first).toEqual([
        {
          article_id: published[0],
          ticker: 'AAPL',
          tagged_by: 'both',
          sentiment: expect.any(Number),
          sentiment_label: expect.stringMatching(/^(positive|neutral|negative)$/),
        },
      ]);
      expect(signals.every((s) => s.sentiment >= -1 && s.sentiment <= 1)).toBe(true);

      expect(new Set(received.map((m) => m.attributes.article_id))).toEqual(new Set(published));
      const event = JSON.parse(
        received.find((m) => m.attributes.article_id === published[0])!.data.toString('utf8'),
      ) as NewsSignalEvent;
      expect(event).toMatchObject({
        article_id: published[0],
        tickers: [{ ticker: 'AAPL', tagged_by: 'both' }],
        topic,
      });
      expect(analyst!.analyst.stats()).toMatchObject({ undecodable: 0 });
    } finally {
      await subscription.close();
      await client.close();
    }
  });

  it('fault (a): the websocket drops mid-stream; the gap arrives through REST catch-up, 0 lost and 0 duplicated rows', async () => {
    await startAll();
    server.publish(20);
    await waitFor('first 20 accepted', () => streamer.health().published + streamer.health().pending >= 20);
    server.dropConnections();
    const gap = server.publish(15).map(String);
    await waitFor('reconnected', () => server.authenticatedCount() >= 2 && streamer.health().connected);
    server.publish(20);
    await waitFor('catch-up done', async () => (await streamer.settled(), server.requests.count('/v1beta1/news') >= 1));
    const published = server.published().map(String);
    expect(published).toHaveLength(55);
    await waitFor('55 articles in news', async () => (await newsIds()).length >= 55);

    expect(exactlyOnce(published, await newsIds())).toEqual({ lost: 0, dup: 0, extra: 0 });
    expect(gap.every((id) => published.includes(id))).toBe(true);
    expect(overlappingOffsets(await readSinkObjects(lake, topic))).toEqual([]);
  });

  it('fault (e): a malformed article goes to news.dlq with the reason header and never reaches news', async () => {
    await startAll();
    server.publish(10);
    const malformedId = String(server.sendMalformed());
    server.publish(10);
    const published = server.published().map(String);
    await waitFor('20 articles in news', async () => (await newsIds()).length >= 20);
    await streamer.settled();

    const dlq = await readTopic(stream, dlqTopic, uniqueName('dlq-reader'), (m) => m.length >= 1);
    expect(dlq.map((m) => m.key)).toEqual([malformedId]);
    const reasons = JSON.parse(dlq[0]!.headers[DLQ_REASON_HEADER]!) as { path: string }[];
    expect(reasons.map((r) => r.path)).toEqual(expect.arrayContaining(['headline']));

    const ids = await newsIds();
    expect(ids).not.toContain(malformedId);
    expect(exactlyOnce(published, ids)).toEqual({ lost: 0, dup: 0, extra: 0 });
    expect((await readSinkObjects(lake, topic)).flatMap((o) => o.ids)).not.toContain(malformedId);
    expect(sink.sink.stats().undecodable).toBe(0);
  });
});
