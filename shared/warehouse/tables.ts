/**
 * The warehouse tables (docs/architecture.md, "The warehouse") as pure data: one definition feeds the BigQuery DDL (cdktf and
 * bigquery/), the DuckDB DDL (duckdb/) and the MERGE keys. Imports nothing but types, so cdktf
 * synth never loads a database client.
 */
import { backfillSlices, ingestionRunsExtraColumns, pipelineCursors, priceIndicators } from './pipeline-tables';
import type { TableDef } from './types';

/** The run ledger: one row per pipeline run, written at start and overwritten when it ends. */
export const ingestionRuns: TableDef = {
  name: 'ingestion_runs',
  description:
    'One row per pipeline run: what ran, when, how many records in/valid/quarantined, cursor before/after, error.',
  key: ['run_id'],
  partitionField: 'started_at',
  clustering: ['pipeline'],
  columns: [
    { name: 'run_id', type: 'STRING', required: true, description: 'Unique id of the run.' },
    { name: 'pipeline', type: 'STRING', required: true, description: 'Registry name of the pipeline.' },
    {
      name: 'trigger',
      type: 'STRING',
      required: true,
      description: 'What started the run: schedule, http, backfill, manual.',
    },
    { name: 'status', type: 'STRING', required: true, description: 'running, succeeded, partial or failed.' },
    { name: 'started_at', type: 'TIMESTAMP', required: true, description: 'When the run started (UTC).' },
    { name: 'finished_at', type: 'TIMESTAMP', description: 'When the run ended (UTC); null while running.' },
    { name: 'records_in', type: 'INT64', description: 'Records received from the source.' },
    { name: 'records_valid', type: 'INT64', description: 'Records that passed validation.' },
    { name: 'records_quarantined', type: 'INT64', description: 'Records rejected to quarantine.' },
    { name: 'cursor_before', type: 'JSON', description: 'Source cursor when the run started.' },
    {
      name: 'cursor_after',
      type: 'JSON',
      description: 'Source cursor after the run; equals cursor_before when it failed.',
    },
    { name: 'error_class', type: 'STRING', description: 'Class name of the error that stopped the run.' },
    { name: 'error_message', type: 'STRING', description: 'Message of that error, secrets redacted.' },
    { name: 'error_retriable', type: 'BOOL', description: 'Whether that error was marked retriable.' },
    // The run loop's accounting columns live beside its own tables; a column must exist before the
    // table is first created, since bigquery-emulator cannot add one later.
    ...ingestionRunsExtraColumns,
  ],
};

/** Daily OHLCV bars, one row per ticker and trading day. */
export const pricesDaily: TableDef = {
  name: 'prices_daily',
  description: 'Daily OHLCV bars per ticker and trading day.',
  key: ['ticker', 'date'],
  partitionField: 'date',
  clustering: ['ticker'],
  columns: [
    { name: 'ticker', type: 'STRING', required: true, description: 'Exchange ticker symbol, upper case.' },
    { name: 'date', type: 'DATE', required: true, description: 'Trading day (exchange calendar).' },
    { name: 'open', type: 'FLOAT64', description: 'Opening price, in the listing currency.' },
    { name: 'high', type: 'FLOAT64', description: 'Highest price of the day.' },
    { name: 'low', type: 'FLOAT64', description: 'Lowest price of the day.' },
    { name: 'close', type: 'FLOAT64', description: 'Closing price.' },
    { name: 'adj_close', type: 'FLOAT64', description: 'Close adjusted for splits and dividends.' },
    { name: 'volume', type: 'INT64', description: 'Shares traded.' },
    { name: 'source', type: 'STRING', required: true, description: 'Provider the bar came from.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** News articles (batch and stream), one row per provider id; a newer `updated_at` replaces the row. */
export const news: TableDef = {
  name: 'news',
  description:
    'Financial news articles, one row per provider article id; text fields are plain text (HTML stays raw in the lake).',
  key: ['id'],
  partitionField: 'created_at',
  clustering: ['provider', 'source'],
  columns: [
    { name: 'id', type: 'STRING', required: true, description: "Provider article id ('yahoo:<guid>' for RSS items)." },
    {
      name: 'headline',
      type: 'STRING',
      required: true,
      description: 'Headline as published; untrusted text, escape when rendering.',
    },
    { name: 'summary', type: 'STRING', description: 'Summary as plain text.' },
    { name: 'content', type: 'STRING', description: 'Body as plain text.' },
    { name: 'author', type: 'STRING', description: 'Author, null when not given.' },
    { name: 'source', type: 'STRING', description: 'Publisher named by the provider (e.g. benzinga).' },
    { name: 'url', type: 'STRING', description: 'Link to the article.' },
    { name: 'symbols', type: 'JSON', description: 'Tickers the provider tagged, as a JSON array.' },
    { name: 'created_at', type: 'TIMESTAMP', required: true, description: 'When the article was published (UTC).' },
    { name: 'updated_at', type: 'TIMESTAMP', required: true, description: 'When the provider last changed it (UTC).' },
    { name: 'provider', type: 'STRING', required: true, description: 'alpaca or yahoo.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** One row per (article, ticker) the provider tagged: the join that lets news be filtered by ticker. */
export const newsTickers: TableDef = {
  name: 'news_tickers',
  description: 'Tickers each news article is tagged with by its provider; one row per article and ticker.',
  key: ['article_id', 'ticker'],
  partitionField: 'created_at',
  clustering: ['ticker'],
  columns: [
    { name: 'article_id', type: 'STRING', required: true, description: 'news.id.' },
    { name: 'ticker', type: 'STRING', required: true, description: 'Upper-case ticker.' },
    {
      name: 'created_at',
      type: 'TIMESTAMP',
      required: true,
      description: 'Publication time of the article (UTC), the partition field.',
    },
  ],
};

/** What the analyst consumer derived from each article, per ticker it found. */
export const newsSignals: TableDef = {
  name: 'news_signals',
  description: 'Ticker tags and lexicon sentiment the analyst consumer derived from each article.',
  key: ['article_id', 'ticker'],
  partitionField: 'created_at',
  clustering: ['ticker'],
  columns: [
    { name: 'article_id', type: 'STRING', required: true, description: 'news.id.' },
    {
      name: 'ticker',
      type: 'STRING',
      required: true,
      description: 'Ticker mentioned (provider symbols or the headline).',
    },
    { name: 'created_at', type: 'TIMESTAMP', required: true, description: 'Publication time of the article (UTC).' },
    { name: 'tagged_by', type: 'STRING', required: true, description: 'symbols, headline or both.' },
    { name: 'sentiment', type: 'FLOAT64', description: 'Lexicon sentiment score in [-1, 1].' },
    { name: 'sentiment_label', type: 'STRING', description: 'negative, neutral or positive.' },
    { name: 'analysed_at', type: 'TIMESTAMP', required: true, description: 'When the analyst wrote this row (UTC).' },
  ],
};

/** Product Hunt launches, one row per post id. */
export const products: TableDef = {
  name: 'products',
  description: 'Product Hunt launches (posts), one row per post id, latest values.',
  key: ['id'],
  partitionField: 'created_at',
  clustering: ['slug'],
  columns: [
    { name: 'id', type: 'STRING', required: true, description: 'Product Hunt post id.' },
    { name: 'name', type: 'STRING', required: true, description: 'Product name.' },
    { name: 'tagline', type: 'STRING', description: 'One-line pitch.' },
    { name: 'description', type: 'STRING', description: 'Longer description.' },
    { name: 'slug', type: 'STRING', required: true, description: 'URL slug on Product Hunt.' },
    { name: 'url', type: 'STRING', required: true, description: 'Product Hunt page.' },
    { name: 'website', type: 'STRING', description: "The product's own website." },
    { name: 'votes_count', type: 'INT64', description: 'Upvotes when last fetched.' },
    { name: 'comments_count', type: 'INT64', description: 'Comments when last fetched.' },
    { name: 'created_at', type: 'TIMESTAMP', required: true, description: 'When the post was created (UTC).' },
    { name: 'featured_at', type: 'TIMESTAMP', description: 'When it was featured, if it was.' },
    { name: 'topics', type: 'JSON', description: 'Topic names, as a JSON array.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** Votes and comments of each product per day, so their growth can be charted. */
export const productSnapshots: TableDef = {
  name: 'product_snapshots',
  description: 'Votes and comments of each Product Hunt post, one row per post and snapshot day.',
  key: ['product_id', 'snapshot_date'],
  partitionField: 'snapshot_date',
  clustering: ['product_id'],
  columns: [
    { name: 'product_id', type: 'STRING', required: true, description: 'products.id.' },
    { name: 'snapshot_date', type: 'DATE', required: true, description: 'UTC day of the snapshot.' },
    { name: 'votes_count', type: 'INT64', description: 'Upvotes that day.' },
    { name: 'comments_count', type: 'INT64', description: 'Comments that day.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** Crunchbase organizations, one row per uuid. */
export const organizations: TableDef = {
  name: 'organizations',
  description: 'Crunchbase organizations, one row per uuid, latest values.',
  key: ['uuid'],
  clustering: ['permalink'],
  columns: [
    { name: 'uuid', type: 'STRING', required: true, description: 'Crunchbase uuid.' },
    { name: 'permalink', type: 'STRING', required: true, description: 'Crunchbase permalink.' },
    { name: 'name', type: 'STRING', required: true, description: 'Organization name.' },
    { name: 'short_description', type: 'STRING', description: 'One-paragraph description.' },
    { name: 'founded_on', type: 'DATE', description: 'Founding date (precision may be year or month).' },
    { name: 'num_employees_enum', type: 'STRING', description: 'Employee band, e.g. c_00051_00100.' },
    { name: 'funding_total_usd', type: 'FLOAT64', description: 'Total funding raised, USD.' },
    { name: 'last_funding_type', type: 'STRING', description: 'Type of the latest round, e.g. series_b.' },
    { name: 'last_funding_at', type: 'DATE', description: 'Date of the latest round.' },
    { name: 'categories', type: 'JSON', description: 'Category names, as a JSON array.' },
    { name: 'locations', type: 'JSON', description: 'Location names, as a JSON array.' },
    { name: 'website', type: 'STRING', description: 'Website URL.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** Crunchbase funding rounds, one row per uuid. */
export const fundingRounds: TableDef = {
  name: 'funding_rounds',
  description: 'Crunchbase funding rounds, one row per uuid, with lead investors and investor count.',
  key: ['uuid'],
  partitionField: 'announced_on',
  clustering: ['organization_uuid'],
  columns: [
    { name: 'uuid', type: 'STRING', required: true, description: 'Crunchbase uuid of the round.' },
    {
      name: 'organization_uuid',
      type: 'STRING',
      required: true,
      description: 'organizations.uuid of the funded organization.',
    },
    { name: 'name', type: 'STRING', description: "Round name, e.g. 'Series B - Calendly'." },
    { name: 'announced_on', type: 'DATE', required: true, description: 'Announcement date, the partition field.' },
    { name: 'investment_type', type: 'STRING', required: true, description: 'seed, series_a, angel, ...' },
    { name: 'money_raised', type: 'FLOAT64', description: 'Amount raised in its own currency; null when undisclosed.' },
    { name: 'money_raised_currency', type: 'STRING', description: 'ISO 4217 currency of money_raised.' },
    { name: 'money_raised_usd', type: 'FLOAT64', description: 'Amount raised in US dollars.' },
    { name: 'lead_investors', type: 'JSON', description: 'Names of the lead investors, as a JSON array.' },
    { name: 'investor_count', type: 'INT64', description: 'Number of investors in the round.' },
    { name: 'ingested_at', type: 'TIMESTAMP', required: true, description: 'When this row was written (UTC).' },
  ],
};

/** Every table definition, in creation order. */
export const TABLES: readonly TableDef[] = [
  ingestionRuns,
  pricesDaily,
  priceIndicators,
  pipelineCursors,
  backfillSlices,
  news,
  newsTickers,
  newsSignals,
  products,
  productSnapshots,
  organizations,
  fundingRounds,
];

/** The definition named `name`, or undefined. */
export function tableByName(name: string): TableDef | undefined {
  return TABLES.find((def) => def.name === name);
}
