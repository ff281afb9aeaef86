/**
 * The lake sink's batch logic on a real local lake and DuckDB, fed batches as shared/stream
 * delivers them: out-of-order article versions, redeliveries cut differently from the first
 * delivery, and a value that is not a NewsMessage.
 */
import { rmSync } from 'node:fs';
import { createLocalDirLake, type Lake } from '../../../shared/lake';
import type { NewsArticle, NewsMessage } from '../../../shared/schemas/news';
import type { Batch, ConsumedMessage } from '../../../shared/stream';
import type { Warehouse } from '../../../shared/warehouse';
import { news, newsTickers } from '../../../shared/warehouse/tables';
import { overlappingOffsets, readSinkObjects, rowCounts, tempDir, tempDuckDb } from '../test-support';
import { createLakeSink, type DurableChunk } from './sink';

const T0 = Date.parse('2024-09-17T09:30:00.000Z');

function article(id: string, updatedAt: string, headline = `headline of ${id}`): NewsArticle {
  return {
    id,
    headline,
    summary: null,
    content: null,
    author: null,
    source: 'benzinga',
    url: null,
    symbols: ['AAPL'],
    created_at: '2024-09-17T09:00:00.000Z',
    updated_at: updatedAt,
    provider: 'alpaca',
  };
}

function message(offset: number, value: NewsMessage | string): ConsumedMessage {
  const body = typeof value === 'string' ? value : JSON.stringify(value);
  const key = typeof value === 'string' ? 'bad' : value.article.id;
  return {
    topic: 'news',
    partition: 0,
    offset: String(offset),
    key,
    value: Buffer.from(body),
    headers: {},
    timestamp: T0 + offset,
  };
}

const wrap = (a: NewsArticle): NewsMessage => ({
  article: a,
  raw: { id: a.id },
  received_at: '2024-09-17T09:30:00.000Z',
  via: 'stream',
});
const batch = (messages: ConsumedMessage[]): Batch => ({ topic: 'news', partition: 0, messages });

describe('lake sink batch logic (local lake, DuckDB)', () => {
  let dir: string;
  let lake: Lake;
  let warehouse: Warehouse;
  const durable: DurableChunk[] = [];
  const sinkWith = (maxMessages: number) =>
    createLakeSink({
      lake,
      warehouse,
      limits: { maxMessages, maxSpanMs: 60_000 },
      onDurable: (c) => void durable.push(c),
    });

  beforeEach(async () => {
    dir = tempDir('sink-logic');
    lake = createLocalDirLake({ root: dir });
    warehouse = await tempDuckDb(dir);
    await warehouse.ensureTables([news, newsTickers]);
    durable.length = 0;
  });
  afterEach(async () => {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const headlineOf = async (id: string) =>
    (
      await warehouse.query<{ headline: string; updated_at: string }>(
        `SELECT headline, updated_at FROM ${warehouse.tableRef('news')} WHERE id = @id`,
        { id },
      )
    )[0];

  it('keeps the newest version: within a batch, and when an older version arrives after a newer one', async () => {
    const sink = sinkWith(100);
    await sink.handleBatch(
      batch([
        message(0, wrap(article('1', '2024-09-17T09:00:01.000Z', 'v1'))),
        message(1, wrap(article('1', '2024-09-17T09:00:03.000Z', 'v3'))),
        message(2, wrap(article('1', '2024-09-17T09:00:02.000Z', 'v2'))),
      ]),
    );
    expect(await headlineOf('1')).toEqual({ headline: 'v3', updated_at: '2024-09-17T09:00:03.000Z' });
    await sink.handleBatch(batch([message(3, wrap(article('1', '2024-09-17T09:00:02.500Z', 'late older')))]));
    expect(await headlineOf('1')).toEqual({ headline: 'v3', updated_at: '2024-09-17T09:00:03.000Z' });
    expect(sink.stats()).toMatchObject({ stale: 1, inserted: 1 });
    await sink.handleBatch(batch([message(4, wrap(article('1', '2024-09-17T09:00:04.000Z', 'v4')))]));
    expect(await headlineOf('1')).toEqual({ headline: 'v4', updated_at: '2024-09-17T09:00:04.000Z' });
    expect(await rowCounts(warehouse, 'news', 'id')).toMatchObject({ rows: 1 });
    expect(await rowCounts(warehouse, 'news_tickers', 'article_id')).toMatchObject({ rows: 1 });
  });

  it('a redelivery cut differently from the first delivery rewrites the same objects, never overlapping ones', async () => {
    const messages = Array.from({ length: 12 }, (_, i) =>
      message(i, wrap(article(String(100 + i), '2024-09-17T09:00:00.000Z'))),
    );
    // First delivery had only offsets 0-6 (chunks 0-4, 5-6) and "crashed" before committing.
    await sinkWith(5).handleBatch(batch(messages.slice(0, 7)));
    const firstKeys = durable.splice(0).map((c) => c.key);
    // The redelivery carries 0-11: it must end its second object at 6 again, then go on.
    await sinkWith(5).handleBatch(batch(messages));
    const again = durable.splice(0);
    expect(again.slice(0, 2).map((c) => c.key)).toEqual(firstKeys);
    expect(again.map((c) => `${c.firstOffset}-${c.lastOffset}`)).toEqual(['0-4', '5-6', '7-11']);
    expect(again.reduce((n, c) => n + c.inserted, 0)).toBe(5);
    const objects = await readSinkObjects(lake, 'news');
    expect(overlappingOffsets(objects)).toEqual([]);
    expect(objects.flatMap((o) => o.ids)).toHaveLength(12);
  });

  it('a redelivery shorter than the object a previous attempt wrote keeps that object and writes no overlapping one', async () => {
    const messages = Array.from({ length: 7 }, (_, i) =>
      message(i, wrap(article(String(200 + i), '2024-09-17T09:00:00.000Z'))),
    );
    await sinkWith(10).handleBatch(batch(messages));
    const before = await readSinkObjects(lake, 'news');
    await sinkWith(10).handleBatch(batch(messages.slice(0, 4)));
    expect(durable.map((c) => c.key)).toEqual([before[0]!.key, before[0]!.key]);
    expect((await readSinkObjects(lake, 'news')).map((o) => o.key)).toEqual([before[0]!.key]);
    expect(durable[1]).toMatchObject({ messages: 4, inserted: 0, updated: 4 });
  });

  it('keeps a value that is not a NewsMessage in the lake only, and goes on', async () => {
    const sink = sinkWith(10);
    await sink.handleBatch(batch([message(0, 'not json'), message(1, wrap(article('7', '2024-09-17T09:00:00.000Z')))]));
    expect(sink.stats()).toMatchObject({ undecodable: 1, inserted: 1 });
    expect((await rowCounts(warehouse, 'news', 'id')).values).toEqual(['7']);
    expect(durable[0]!.key).toBe('stream/news/dt=2024-09-17/hour=09/0-0-1.jsonl.gz');
  });
});
