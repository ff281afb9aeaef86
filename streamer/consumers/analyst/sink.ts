import type { EventPublisher } from '../../../shared/events';
import type { Logger } from '../../../shared/log/types';
import type { NewsArticle } from '../../../shared/schemas/news';
import type { Batch } from '../../../shared/stream';
import type { Warehouse, WarehouseRow } from '../../../shared/warehouse';
import { newsSignals } from '../../../shared/warehouse/tables';
import { decodeNewsMessages, latestVersions } from '../news-message';
import { scoreSentiment, type SentimentLabel } from './sentiment';
import { tagTickers, type TaggedBy } from './tagger';

/** The summary event published once per article on the signals topic (JSON). */
export interface NewsSignalEvent {
  article_id: string;
  headline: string;
  url: string | null;
  source: string | null;
  created_at: string;
  updated_at: string;
  tickers: { ticker: string; tagged_by: TaggedBy }[];
  sentiment: number;
  sentiment_label: SentimentLabel;
  analysed_at: string;
  /** Where the article sat in Kafka (for tracing). */
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Attribute names of a signal event. `article_id` (with `updated_at`) is what a subscriber
 * deduplicates on: a redelivered batch publishes its events again with new message ids.
 */
export const SIGNAL_ATTRIBUTES = {
  articleId: 'article_id',
  updatedAt: 'updated_at',
  label: 'sentiment_label',
} as const;

/** Options of {@link createAnalyst}. */
export interface AnalystOptions {
  warehouse: Warehouse;
  events: EventPublisher;
  /** Pub/Sub topic of the summaries (NEWS_SIGNALS_TOPIC, default `news-signals`). */
  signalsTopic: string;
  /** Known tickers, canonical (tagger.ts `knownTickerSet`), for headline mentions. */
  knownTickers: ReadonlySet<string>;
  logger?: Logger;
  now?: () => number;
}

/** Counters since start. */
export interface AnalystStats {
  batches: number;
  articles: number;
  signalRows: number;
  events: number;
  undecodable: number;
}

/** The `eachBatch` of the `analyst` group, plus counters. */
export interface Analyst {
  /**
   * Per article (newest version in the batch): tags tickers, scores sentiment, MERGEs one
   * `news_signals` row per (article, ticker), then publishes one {@link NewsSignalEvent}, and
   * resolves only after every MERGE and publish succeeded, so the offsets commit after them.
   * Rejects with the warehouse's or publisher's StorageError; the redelivered batch rewrites the
   * same rows and republishes the same events (subscribers dedupe on `article_id`).
   */
  handleBatch(batch: Batch): Promise<void>;
  stats(): AnalystStats;
}

/** The `news_signals` rows and the event of one article. Pure. */
export function analyseArticle(
  article: NewsArticle,
  known: ReadonlySet<string>,
  analysedAt: string,
  where: { topic: string; partition: number; offset: string },
): { rows: WarehouseRow[]; event: NewsSignalEvent } {
  const tags = tagTickers(article, known);
  const { score, label } = scoreSentiment(article.headline, article.summary);
  const rows = tags.map((tag) => ({
    article_id: article.id,
    ticker: tag.ticker,
    created_at: article.created_at,
    tagged_by: tag.taggedBy,
    sentiment: score,
    sentiment_label: label,
    analysed_at: analysedAt,
  }));
  const event: NewsSignalEvent = {
    article_id: article.id,
    headline: article.headline,
    url: article.url,
    source: article.source,
    created_at: article.created_at,
    updated_at: article.updated_at,
    tickers: tags.map((t) => ({ ticker: t.ticker, tagged_by: t.taggedBy })),
    sentiment: score,
    sentiment_label: label,
    analysed_at: analysedAt,
    ...where,
  };
  return { rows, event };
}

/** The analyst's logic, independent of how batches arrive. */
export function createAnalyst(options: AnalystOptions): Analyst {
  const now = options.now ?? Date.now;
  const log = options.logger?.child({ component: 'analyst' });
  const counters: AnalystStats = { batches: 0, articles: 0, signalRows: 0, events: 0, undecodable: 0 };
  return {
    async handleBatch({ topic, partition, messages }: Batch): Promise<void> {
      const { decoded, undecodable } = decodeNewsMessages(messages);
      for (const bad of undecodable)
        log?.warn('news message is not a NewsMessage; skipped', { topic, partition, ...bad });
      const analysedAt = new Date(now()).toISOString();
      const results = latestVersions(decoded).map((d) =>
        analyseArticle(d.message.article, options.knownTickers, analysedAt, { topic, partition, offset: d.offset }),
      );
      const rows = results.flatMap((r) => r.rows);
      await options.warehouse.merge(newsSignals, rows);
      await Promise.all(
        results.map(({ event }) =>
          options.events.publish(options.signalsTopic, event, {
            [SIGNAL_ATTRIBUTES.articleId]: event.article_id,
            [SIGNAL_ATTRIBUTES.updatedAt]: event.updated_at,
            [SIGNAL_ATTRIBUTES.label]: event.sentiment_label,
          }),
        ),
      );
      counters.batches += 1;
      counters.articles += results.length;
      counters.signalRows += rows.length;
      counters.events += results.length;
      counters.undecodable += undecodable.length;
    },
    stats: () => ({ ...counters }),
  };
}
