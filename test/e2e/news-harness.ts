/**
 * End-to-end support for the news function: a news replay server whose article clock the test
 * sets, the function's environment, captured log lines, and readers of what the function wrote.
 * Backends (DuckDB + local lake, BigQuery emulator + fake-gcs) come from prices-harness.ts.
 */
import { gunzipSync } from 'node:zlib';
import { startNewsReplayServer, type NewsReplayServer } from '../../dev/replay-news';
import type { Warehouse } from '../../shared/warehouse/types';
import { withWarehouse, listKeys, type E2eBackend } from './prices-harness';
export { withWarehouse };

/** Distinctive credentials, so a search of the lake and the logs for them cannot miss. */
export const NEWS_E2E_CREDENTIALS = { keyId: 'e2e-news-key-id-5c1f7a', secretKey: 'e2e-news-secret-9b3e0d' };

/** A replay server whose article clock is `clock.ms` (real time minus some hours, so windows ending "now" cover it). */
export async function startNewsReplay(): Promise<{ replay: NewsReplayServer; clock: { ms: number } }> {
  const clock = { ms: Date.now() - 2 * 3_600_000 };
  const replay = await startNewsReplayServer({ now: () => clock.ms, credentials: NEWS_E2E_CREDENTIALS });
  return { replay, clock };
}

/** Publishes `count` articles `stepMs` apart on the replay clock, starting at its current time. */
export function publishSpaced(
  replay: NewsReplayServer,
  clock: { ms: number },
  count: number,
  stepMs = 30_000,
): number[] {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    ids.push(...replay.publish(1));
    clock.ms += stepMs;
  }
  return ids;
}

/** The variables pointing the function at the replay server (with Alpaca keys unless `keys` is false). */
export function newsEnv(replay: NewsReplayServer, options: { keys?: boolean } = {}): Record<string, string> {
  return {
    ALPACA_NEWS_BASE_URL: replay.baseUrl,
    YAHOO_RSS_BASE_URL: replay.baseUrl,
    ...(options.keys === false
      ? { APCA_API_KEY_ID: '', APCA_API_SECRET_KEY: '' }
      : { APCA_API_KEY_ID: replay.credentials.keyId, APCA_API_SECRET_KEY: replay.credentials.secretKey }),
  };
}

/** Collects (instead of printing) every line written to stdout, i.e. the function's JSON logs, until `stop()`. */
export function captureStdout(): { lines(): string[]; stop(): void } {
  const chunks: string[] = [];
  const original = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const done = rest.find((arg): arg is () => void => typeof arg === 'function');
    done?.();
    return true;
  }) as typeof process.stdout.write;
  return {
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    stop: () => {
      process.stdout.write = original;
    },
  };
}

function ref(warehouse: Warehouse, name: string): string {
  return warehouse.kind === 'duckdb' ? name : warehouse.tableRef(name);
}

/** A stored `news` row. */
export interface StoredNews {
  id: string;
  headline: string;
  summary: string | null;
  content: string | null;
  author: string | null;
  symbols: string[];
  updated_at: string;
  provider: string;
}

export async function storedNews(backend: E2eBackend): Promise<StoredNews[]> {
  return withWarehouse(backend, (w) =>
    w.query<StoredNews>(
      `SELECT id, headline, summary, content, author, symbols, updated_at, provider FROM ${ref(w, 'news')} ORDER BY id`,
    ),
  );
}

/** `article_id|ticker` of every news_tickers row, sorted. */
export async function storedTickers(backend: E2eBackend): Promise<string[]> {
  const rows = await withWarehouse(backend, (w) =>
    w.query<{ article_id: string; ticker: string }>(`SELECT article_id, ticker FROM ${ref(w, 'news_tickers')}`),
  );
  return rows.map((r) => `${r.article_id}|${r.ticker}`).sort();
}

export async function ledgerRow(backend: E2eBackend, runId: string): Promise<Record<string, unknown>> {
  const rows = await withWarehouse(backend, (w) =>
    w.query(`SELECT * FROM ${ref(w, 'ingestion_runs')} WHERE run_id = @run_id`, { run_id: runId }),
  );
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

/** Every lake object under `prefix` as text (gzip objects unpacked; Parquet as its raw bytes in latin1). */
export async function lakeTexts(backend: E2eBackend, prefix = ''): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const key of await listKeys(backend.lake, prefix)) {
    const bytes = await backend.lake.get(key);
    texts.set(
      key,
      key.endsWith('.gz')
        ? gunzipSync(bytes).toString('utf8')
        : bytes.toString(key.endsWith('.parquet') ? 'latin1' : 'utf8'),
    );
  }
  return texts;
}
