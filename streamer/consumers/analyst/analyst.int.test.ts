/**
 * The analyst on the shared Kafka broker with DuckDB and the local events publisher: one
 * news_signals row per (article, ticker) and one event per article; a full redelivery (a second
 * group over the same topic) rewrites the same rows and republishes events with the same
 * `article_id` attributes, which is what downstream dedupe keys on.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startNewsReplayServer, type NewsReplayServer } from '../../../dev/replay-news';
import { createLocalEventPublisher, type LocalEventLine } from '../../../shared/events';
import { createKafkaStream, type Stream } from '../../../shared/stream';
import type { Warehouse } from '../../../shared/warehouse';
import { testEndpoints, uniqueName } from '../../../test/harness/endpoints';
import { createNewsStreamer } from '../../streamer';
import { fastStreamerOptions, quietLogger, waitFor } from '../../test-support';
import { rowCounts, tempDir, tempDuckDb } from '../test-support';
import { startAnalyst, type RunningAnalyst } from './main';
import type { NewsSignalEvent } from './sink';

describe('analyst consumer (kafka, DuckDB, local events)', () => {
  let server: NewsReplayServer;
  let stream: Stream;
  let warehouse: Warehouse;
  let dir: string;
  const running: RunningAnalyst[] = [];

  beforeEach(async () => {
    server = await startNewsReplayServer();
    stream = createKafkaStream({ brokers: testEndpoints().kafkaBrokers, clientId: uniqueName('analyst-test') });
    dir = tempDir('analyst');
    warehouse = await tempDuckDb(dir);
  });
  afterEach(async () => {
    for (const r of running.splice(0)) await r.stop();
    await stream.close();
    await warehouse.close();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tags, scores and publishes once per article; a redelivery adds no rows and repeats the same article ids', async () => {
    const topic = uniqueName('news');
    const streamer = createNewsStreamer(fastStreamerOptions(server, { topic, dlqTopic: `${topic}.dlq` }), {
      stream,
      logger: quietLogger(),
    });
    await streamer.start();
    await waitFor('subscribed', () => streamer.health().connected);
    server.publish(30);
    await waitFor('produced', () => streamer.health().published >= 30);
    await streamer.stop();

    const events = createLocalEventPublisher({ dir: join(dir, 'events') });
    const signalsTopic = 'news-signals';
    const lines = () =>
      readFileSync(join(dir, 'events', `${signalsTopic}.jsonl`), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as LocalEventLine);
    const run = async () => {
      const analyst = await startAnalyst(
        { stream, warehouse, events },
        { topic, groupId: uniqueName('analyst'), signalsTopic, knownTickers: ['AAPL', 'MSFT', 'NVDA', 'TSLA'] },
      );
      running.push(analyst);
      await waitFor('30 articles analysed', () => analyst.analyst.stats().articles >= 30);
      await analyst.stop();
      return analyst.analyst.stats();
    };

    const first = await run();
    const rowsAfterFirst = await rowCounts(warehouse, 'news_signals', "article_id || '|' || ticker");
    const expectedRows = server.history().reduce((n, r) => n + r.symbols.length, 0);
    expect(rowsAfterFirst).toMatchObject({ rows: expectedRows, distinct: expectedRows });
    expect(first).toMatchObject({ articles: 30, events: 30, signalRows: expectedRows });
    const firstEvents = lines();
    expect(new Set(firstEvents.map((l) => l.attributes.article_id))).toEqual(new Set(server.published().map(String)));
    const sample = firstEvents[0]!.event as NewsSignalEvent;
    expect(sample.sentiment).toBeGreaterThanOrEqual(-1);
    expect(sample.sentiment).toBeLessThanOrEqual(1);
    expect(firstEvents[0]!.attributes).toEqual({
      article_id: sample.article_id,
      updated_at: sample.updated_at,
      sentiment_label: sample.sentiment_label,
    });

    await run();
    await events.close();
    expect(await rowCounts(warehouse, 'news_signals', "article_id || '|' || ticker")).toMatchObject({
      rows: expectedRows,
      distinct: expectedRows,
    });
    const all = lines();
    expect(all).toHaveLength(60);
    expect(new Set(all.map((l) => l.attributes.article_id)).size).toBe(30);
  });
});
