/**
 * The least our own per-article work can cost here: each step the issue asks for,
 * done once per article in its cheapest form, timed alone (CPU, every thread) in this process on
 * the articles the websocket stand-in sends.
 *
 * - streamer: JSON.parse of the websocket frames, the contract check (mapping, HTML to text, zod),
 *   and the message's JSON for Kafka;
 * - sink: JSON.parse of each message (no second check), the lake object (gzip level 1, as the
 *   sink does), and the rows into DuckDB: typed values by the Appender into staging tables, then
 *   per flush the MERGE statement the issue asks for into `news` and `news_tickers` as the
 *   warehouse creates them (keyed); no canonical rows, no freshness lookup.
 *
 * Dedupe, headers, offsets and the ledger count as free. With the stand-in, the broker and the
 * Kafka client (client-floor.ts) this is the least CPU one article costs on its way through.
 */
import { gzipSync } from 'node:zlib';
import { DuckDBInstance, DuckDBTimestampValue } from '@duckdb/node-api';
import { ARCHIVE_GZIP } from '../../shared/lake/gzip';
import { replayNewsArticle, toStreamMessage } from '../../dev/replay-news/articles';
import { checkNewsArticle, type NewsArticle, type NewsMessage } from '../../shared/schemas/news';
import { alpacaNewsToCandidate } from '../../shared/sources/alpaca-news/normalize';
import { duckDbCreateTable, quoteDuckDbIdent } from '../../shared/warehouse/ddl/duckdb';
import { mergeFromStaging } from '../../shared/warehouse/duckdb/sql';
import { news as newsTable, newsTickers as newsTickersTable } from '../../shared/warehouse/tables';
import type { TableDef } from '../../shared/warehouse/types';
import { processCpuSeconds } from '../process-cpu';

/** CPU ms per 1000 articles of each least step. */
export interface LeastWork {
  parseFrames: number;
  check: number;
  encode: number;
  decode: number;
  gzip: number;
  mergeRows: number;
}

/** Articles per websocket frame and per lake object, as the stand-in and the bench's sink (maxMessages) use them. */
const FRAME = 100;
const OBJECT = 1000;
/** Articles per MERGE: the bench's sink flushes 6 partitions x 1000 messages at a time (main.ts). */
const FLUSH = 6000;

/** Runs `step` and returns its CPU ms per 1000 of `articles`. */
async function per1000<T>(articles: number, step: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const start = processCpuSeconds();
  const value = await step();
  return { value, ms: ((processCpuSeconds() - start) * 1e6) / articles };
}

const micros = (iso: string) => new DuckDBTimestampValue(BigInt(Date.parse(iso)) * 1000n);

/**
 * The least CPU per 1000 articles of `count` stand-in articles, step by step: the lower of two
 * rounds per step, so the JIT's warm-up is not counted.
 */
export async function measureLeastWork(count: number): Promise<LeastWork> {
  const first = await measureOnce(count);
  const second = await measureOnce(count);
  return Object.fromEntries(
    Object.entries(first).map(([step, ms]) => [step, Math.min(ms, second[step as keyof LeastWork])]),
  ) as unknown as LeastWork;
}

async function measureOnce(count: number, startMs = Date.UTC(2026, 0, 5, 14)): Promise<LeastWork> {
  const frames: string[] = [];
  for (let i = 0; i < count; i += FRAME) {
    frames.push(
      JSON.stringify(
        Array.from({ length: Math.min(FRAME, count - i) }, (_, k) =>
          toStreamMessage(replayNewsArticle(i + k, startMs + (i + k) * 10)),
        ),
      ),
    );
  }
  const received = new Date(startMs + count * 10).toISOString();
  const parsed = await per1000(count, () => frames.flatMap((frame) => JSON.parse(frame) as Record<string, unknown>[]));
  const checked = await per1000(count, () =>
    parsed.value.map((message) => {
      const { T: _type, ...raw } = message;
      const mapped = alpacaNewsToCandidate(raw);
      const verdict = mapped.ok ? checkNewsArticle(mapped.row) : undefined;
      if (!verdict?.ok) throw new Error(`stand-in article ${String(raw.id)} failed the check`);
      return { article: verdict.article, raw };
    }),
  );
  const encoded = await per1000(count, () =>
    checked.value.map(({ article, raw }) =>
      Buffer.from(JSON.stringify({ article, raw, received_at: received, via: 'stream' } satisfies NewsMessage), 'utf8'),
    ),
  );
  const decoded = await per1000(count, () =>
    encoded.value.map((value) => (JSON.parse(value.toString('utf8')) as NewsMessage).article),
  );
  const gzipped = await per1000(count, () => {
    let bytes = 0;
    for (let i = 0; i < encoded.value.length; i += OBJECT)
      bytes += gzipSync(
        Buffer.concat(encoded.value.slice(i, i + OBJECT).flatMap((v) => [v, Buffer.from('\n')])),
        ARCHIVE_GZIP,
      ).length;
    return bytes;
  });
  const merged = await mergeRows(decoded.value);
  return {
    parseFrames: parsed.ms,
    check: checked.ms,
    encode: encoded.ms,
    decode: decoded.ms,
    gzip: gzipped.ms,
    mergeRows: merged,
  };
}

const stagingOf = (def: TableDef) => `staging_${def.name}`;

/** The Appender's target: an empty temporary copy of the table's columns and types, without its key. */
function typedStaging(def: TableDef): string {
  return `CREATE TEMP TABLE ${quoteDuckDbIdent(stagingOf(def))} AS SELECT * FROM ${quoteDuckDbIdent(def.name)} LIMIT 0`;
}

/**
 * CPU ms per 1000 articles to MERGE their `news` and `news_tickers` rows, timed from the first
 * row: appended typed (in the tables' column order, shared/warehouse/tables.ts) to staging, then
 * one MERGE per table and flush, as the sink makes a flush durable.
 */
async function mergeRows(articles: readonly NewsArticle[]): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    for (const def of [newsTable, newsTickersTable]) {
      await connection.run(duckDbCreateTable(def));
      await connection.run(typedStaging(def));
    }
    const news = await connection.createAppender(stagingOf(newsTable), 'main', 'temp');
    const tickers = await connection.createAppender(stagingOf(newsTickersTable), 'main', 'temp');
    const text = (value: string | null) => (value === null ? news.appendNull() : news.appendVarchar(value));
    const ingested = micros(new Date().toISOString());
    const { ms } = await per1000(articles.length, async () => {
      for (let i = 0; i < articles.length; i += FLUSH) {
        for (const a of articles.slice(i, i + FLUSH)) {
          news.appendVarchar(a.id);
          news.appendVarchar(a.headline);
          text(a.summary);
          text(a.content);
          text(a.author);
          text(a.source);
          text(a.url);
          news.appendVarchar(JSON.stringify(a.symbols));
          const created = micros(a.created_at);
          news.appendTimestamp(created);
          news.appendTimestamp(micros(a.updated_at));
          news.appendVarchar(a.provider);
          news.appendTimestamp(ingested);
          news.endRow();
          for (const ticker of a.symbols) {
            tickers.appendVarchar(a.id);
            tickers.appendVarchar(ticker);
            tickers.appendTimestamp(created);
            tickers.endRow();
          }
        }
        // One durable step per flush, as the sink makes one.
        news.flushSync();
        tickers.flushSync();
        for (const def of [newsTable, newsTickersTable]) {
          await connection.run(mergeFromStaging(def, stagingOf(def)));
          await connection.run(`DELETE FROM temp.main.${quoteDuckDbIdent(stagingOf(def))}`);
        }
      }
    });
    news.closeSync();
    tickers.closeSync();
    const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM news')).getRows()[0]![0]);
    if (rows !== articles.length) throw new Error(`least work: ${rows} news rows for ${articles.length} articles`);
    return ms;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
