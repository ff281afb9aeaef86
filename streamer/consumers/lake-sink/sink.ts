import { promisify } from 'node:util';
import { gzip, type ZlibOptions } from 'node:zlib';
import { ARCHIVE_GZIP, streamKey, type Lake } from '../../../shared/lake';
import type { Logger } from '../../../shared/log/types';
import type { Batch } from '../../../shared/stream';
import type { Warehouse } from '../../../shared/warehouse';
import { news, newsTickers } from '../../../shared/warehouse/tables';
import { decodeNewsMessages, latestVersions, type DecodedNews } from '../news-message';
import { createBatcher } from './batcher';
import { jsonLines, nextChunk, type Chunk, type ChunkLimits } from './chunks';
import { splitByFreshness, storedVersions, toNewsRow, toTickerRows } from '../../../shared/pipelines/news/rows';

const gzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gzip);

/** One lake object made durable, reported to `onDurable` after its flush's MERGEs. */
export interface DurableChunk {
  /** The object holding the chunk: its own, or a longer one a previous attempt wrote from the same first offset. */
  key: string;
  topic: string;
  partition: number;
  firstOffset: string;
  lastOffset: string;
  messages: number;
  /** Articles of this chunk the `news` MERGE inserted / overwrote; older versions skipped; undecodable values. */
  inserted: number;
  updated: number;
  stale: number;
  undecodable: number;
  /** Per decoded message: article id and the streamer's receive time (ms since the epoch). */
  articles: { id: string; receivedAtMs: number }[];
  /** When the flush holding the chunk became durable, ms since the epoch. */
  durableAtMs: number;
}

/** Options of {@link createLakeSink}. */
export interface LakeSinkOptions {
  lake: Lake;
  warehouse: Warehouse;
  /** Object boundaries (chunks.ts). */
  limits: ChunkLimits;
  /**
   * A flush starts once this many messages are pending (one MERGE per flush, so larger flushes
   * spread its fixed cost). Default `limits.maxMessages`; with partitions consumed concurrently,
   * `maxMessages` x partitions lets one fetch of every partition go in one flush.
   */
  flushAtMessages?: number;
  /** Longest a delivered batch waits for others to share its flush, ms. Default 0 (batcher.ts). */
  lingerMs?: number;
  logger?: Logger;
  now?: () => number;
  /**
   * Called per chunk once its flush is durable (objects written, `news` and `news_tickers`
   * merged) and before the batches resolve, i.e. before their offsets can commit. For metrics,
   * benches and fault tests; a rejection fails the flush (its batches are delivered again).
   */
  onDurable?: (chunk: DurableChunk) => void | Promise<void>;
}

/** Counters since start. */
export interface LakeSinkStats {
  batches: number;
  flushes: number;
  chunks: number;
  messages: number;
  inserted: number;
  updated: number;
  stale: number;
  undecodable: number;
}

/** The `eachBatch` of the `lake-sink` group, plus counters. */
export interface LakeSink {
  /**
   * Resolves once the batch is durable: each chunk's raw message values as gzipped JSON lines at
   * `streamKey(...)` (dt/hour of the chunk's first Kafka timestamp), then one MERGE of `news`
   * (newest `updated_at` wins) and one of `news_tickers` for the whole flush. Rejects with the
   * lake's/warehouse's StorageError; the batch is then delivered again and rewrites the same
   * objects and rows (idempotent).
   */
  handleBatch(batch: Batch): Promise<void>;
  stats(): LakeSinkStats;
}

interface Written {
  chunk: Chunk;
  key: string;
  topic: string;
  partition: number;
}

/** `<partition>-<first>-<last>.jsonl.gz` -> last, for an object a previous attempt wrote. */
function lastOffsetOf(key: string): bigint | undefined {
  const match = /\/\d+-\d+-(\d+)\.jsonl\.gz$/.exec(key);
  return match ? BigInt(match[1]!) : undefined;
}

/** The lake sink's logic, independent of how batches arrive (Kafka or the file log). */
export function createLakeSink(options: LakeSinkOptions): LakeSink {
  const { lake, warehouse, limits } = options;
  const now = options.now ?? Date.now;
  const log = options.logger?.child({ component: 'lake-sink' });
  const counters: LakeSinkStats = {
    batches: 0,
    flushes: 0,
    chunks: 0,
    messages: 0,
    inserted: 0,
    updated: 0,
    stale: 0,
    undecodable: 0,
  };

  /**
   * The end offset of an object a previous attempt wrote for the same first offset (a crash after
   * the write, before the commit), if any: the redelivery is then cut to end there too, so it
   * overwrites that object instead of writing an overlapping one.
   */
  async function previousEnd(topic: string, partition: number, chunk: Chunk): Promise<bigint | undefined> {
    const key = streamKey({
      topic,
      dt: chunk.dt,
      hour: chunk.hour,
      partition,
      firstOffset: chunk.firstOffset,
      lastOffset: chunk.firstOffset,
    });
    const prefix = key.slice(0, key.length - `${chunk.firstOffset}.jsonl.gz`.length);
    for await (const object of lake.list(prefix)) {
      const last = lastOffsetOf(object.key);
      if (last !== undefined && last >= BigInt(chunk.firstOffset)) return last;
    }
    return undefined;
  }

  /** Writes one partition's batch as objects, in offset order. */
  async function writeBatch({ topic, partition, messages }: Batch): Promise<Written[]> {
    const written: Written[] = [];
    let lookForPrevious = true;
    const batchEnd = BigInt(messages[messages.length - 1]!.offset);
    for (let i = 0; i < messages.length;) {
      let chunk = nextChunk(messages, i, limits);
      let coveredUpTo: bigint | undefined;
      if (lookForPrevious) {
        const end = await previousEnd(topic, partition, chunk);
        // Once no earlier attempt wrote here, none wrote further on either (objects go in order).
        lookForPrevious = end !== undefined;
        if (end !== undefined && end < BigInt(chunk.lastOffset)) chunk = nextChunk(messages, i, limits, end.toString());
        // That object already holds these offsets (and more this delivery lacks): keep it as it is.
        else if (end !== undefined && end > batchEnd) coveredUpTo = end;
      }
      const key = streamKey({
        topic,
        dt: chunk.dt,
        hour: chunk.hour,
        partition,
        firstOffset: chunk.firstOffset,
        lastOffset: coveredUpTo ?? chunk.lastOffset,
      });
      if (coveredUpTo === undefined) {
        // zlib writes mtime 0 and a fixed OS byte: the same lines give the same bytes on a rewrite.
        await lake.put(key, await gzipAsync(jsonLines(chunk.messages), ARCHIVE_GZIP), {
          contentType: 'application/gzip',
        });
      }
      written.push({ chunk, key, topic, partition });
      i += chunk.messages.length;
    }
    return written;
  }

  async function flush(batches: Batch[]): Promise<void> {
    const written = (await Promise.all(batches.map(writeBatch))).flat();
    const chunkOf = new Map<DecodedNews, number>();
    const perChunk = written.map((w, index) => {
      const { decoded, undecodable } = decodeNewsMessages(w.chunk.messages);
      for (const bad of undecodable)
        log?.warn('news message is not a NewsMessage; kept in the lake only', {
          topic: w.topic,
          partition: w.partition,
          ...bad,
        });
      decoded.forEach((d) => chunkOf.set(d, index));
      return { decoded, undecodable: undecodable.length, inserted: 0, updated: 0, stale: 0 };
    });
    const latest = latestVersions(perChunk.flatMap((c) => c.decoded)).map((d) => ({
      decoded: d,
      article: d.message.article,
    }));
    const stored = await storedVersions(
      warehouse,
      news.name,
      'id',
      latest.map((d) => d.article.id),
    );
    const { fresh, stale } = splitByFreshness(latest, stored);
    const ingestedAt = new Date(now()).toISOString();
    await warehouse.merge(
      news,
      fresh.map((d) => toNewsRow(d.article, ingestedAt)),
    );
    await warehouse.merge(
      newsTickers,
      fresh.flatMap((d) => toTickerRows(d.article)),
    );
    for (const d of fresh) perChunk[chunkOf.get(d.decoded)!]![stored.has(d.article.id) ? 'updated' : 'inserted'] += 1;
    for (const d of stale) perChunk[chunkOf.get(d.decoded)!]!.stale += 1;
    if (stale.length > 0)
      log?.info('older article versions skipped', { ids: stale.slice(0, 10).map((d) => d.article.id) });
    const durableAtMs = now();
    counters.flushes += 1;
    counters.batches += batches.length;
    for (const [index, w] of written.entries()) {
      const c = perChunk[index]!;
      const done: DurableChunk = {
        key: w.key,
        topic: w.topic,
        partition: w.partition,
        firstOffset: w.chunk.firstOffset,
        lastOffset: w.chunk.lastOffset,
        messages: w.chunk.messages.length,
        inserted: c.inserted,
        updated: c.updated,
        stale: c.stale,
        undecodable: c.undecodable,
        articles: c.decoded.map((d) => ({ id: d.message.article.id, receivedAtMs: Date.parse(d.message.received_at) })),
        durableAtMs,
      };
      counters.chunks += 1;
      counters.messages += done.messages;
      counters.inserted += done.inserted;
      counters.updated += done.updated;
      counters.stale += done.stale;
      counters.undecodable += done.undecodable;
      await options.onDurable?.(done);
    }
  }

  const batcher = createBatcher<Batch>({
    maxMessages: options.flushAtMessages ?? limits.maxMessages,
    lingerMs: options.lingerMs ?? 0,
    sizeOf: (b) => b.messages.length,
    flush,
  });
  return {
    handleBatch: (batch) => (batch.messages.length === 0 ? Promise.resolve() : batcher.add(batch)),
    stats: () => ({ ...counters }),
  };
}
