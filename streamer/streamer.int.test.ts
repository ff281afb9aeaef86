/**
 * End to end: replay websocket (+ REST) -> streamer -> a real stream (the shared Kafka broker,
 * and the file log) -> read back with a consumer group. Every article the replay server published
 * arrives exactly once; a dropped websocket's gap arrives through REST catch-up; a malformed
 * article lands on the dead-letter topic with its reason; stop() flushes and closes with 1000.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNewsReplayServer, type NewsReplayServer } from '../dev/replay-news';
import { NewsMessage } from '../shared/schemas/news';
import { createFileLogStream, createKafkaStream, type ConsumedMessage, type Stream } from '../shared/stream';
import { testEndpoints, uniqueName } from '../test/harness/endpoints';
import { DLQ_REASON_HEADER, VIA_HEADER } from './publish';
import { createNewsStreamer, type NewsStreamer } from './streamer';
import { fastStreamerOptions, quietLogger, readTopic, waitFor } from './test-support';

const idsOf = (messages: ConsumedMessage[]) => messages.map((m) => m.key);

describe.each([
  ['kafka', () => createKafkaStream({ brokers: testEndpoints().kafkaBrokers, clientId: uniqueName('streamer-test') })],
  [
    'file-log',
    () => createFileLogStream({ dir: mkdtempSync(join(tmpdir(), 'streamer-file-log-')), pollIntervalMs: 50 }),
  ],
] as const)('news streamer on %s', (_kind, makeStream) => {
  let server: NewsReplayServer;
  let stream: Stream;
  let streamer: NewsStreamer | undefined;
  let topic: string;
  let dlqTopic: string;

  beforeEach(async () => {
    server = await startNewsReplayServer();
    stream = makeStream();
    topic = uniqueName('news');
    dlqTopic = `${topic}.dlq`;
  });
  afterEach(async () => {
    await streamer?.stop();
    streamer = undefined;
    await stream.close();
    await server.stop();
    const dir = /^file-log dir=(.*)$/.exec(stream.describe())?.[1];
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers every article exactly once across a dropped websocket (gap via REST, 429 honoured) and dead-letters a malformed one', async () => {
    streamer = createNewsStreamer(fastStreamerOptions(server, { topic, dlqTopic }), { stream, logger: quietLogger() });
    await streamer.start();
    await waitFor('subscribed', () => streamer!.health().connected);

    server.publish(20);
    await waitFor('live articles accepted', () => streamer!.health().published + streamer!.health().pending >= 20);
    server.faults.rateLimit('/v1beta1/news', { retryAfterS: 1 });
    server.dropConnections();
    const gap = server.publish(15); // nobody is subscribed: these exist only in the REST history
    await waitFor('reconnected', () => server.authenticatedCount() >= 2 && streamer!.health().connected);
    server.publish(20);
    const malformedId = server.sendMalformed();
    await waitFor('catch-up requested', () => server.requests.count('/v1beta1/news') >= 2);
    await streamer.settled();

    const published = server.published().map(String);
    expect(published).toHaveLength(55);
    const news = await readTopic(stream, topic, uniqueName('reader'), (m) => m.length >= published.length);
    expect(idsOf(news).sort()).toEqual([...published].sort());
    const byId = new Map(news.map((m) => [m.key, m]));
    expect(gap.map((id) => byId.get(String(id))?.headers[VIA_HEADER])).toEqual(gap.map(() => 'rest'));
    const first = NewsMessage.parse(JSON.parse(byId.get(published[0]!)!.value.toString('utf8')));
    expect(first.article.content).not.toMatch(/<[a-z]/i); // plain text for the warehouse...
    expect(String((first.raw as { content: string }).content)).toMatch(/<p>/); // ...HTML kept raw for the lake
    expect(server.requests.all().some((r) => r.status === 429)).toBe(true);

    const dlq = await readTopic(stream, dlqTopic, uniqueName('reader'), (m) => m.length >= 1);
    expect(idsOf(dlq)).toEqual([String(malformedId)]);
    const reasons = JSON.parse(dlq[0]!.headers[DLQ_REASON_HEADER]!) as { path: string; code: string }[];
    expect(reasons.map((r) => r.path)).toEqual(expect.arrayContaining(['headline']));
    expect(streamer.health()).toMatchObject({ published: 55, dlq: 1, connected: true, healthy: true });
  });

  it('stop() stops reading, flushes every accepted article and closes the socket with 1000', async () => {
    streamer = createNewsStreamer(fastStreamerOptions(server, { topic, dlqTopic }), { stream, logger: quietLogger() });
    await streamer.start();
    await waitFor('subscribed', () => streamer!.health().connected);
    server.publish(300);
    await waitFor('all accepted', () => streamer!.health().published + streamer!.health().pending >= 300);
    await streamer.stop();
    await waitFor('server saw the close', () => server.closeCodes().length >= 1);
    expect(server.closeCodes()).toEqual([1000]);

    const news = await readTopic(stream, topic, uniqueName('reader'), (m) => m.length >= 300);
    expect(new Set(idsOf(news)).size).toBe(300);
    expect(news).toHaveLength(300);
  });
});
