/**
 * The news pipeline: a news source (Alpaca REST, or the keyless Yahoo RSS fallback) -> `news`
 * (MERGE on the provider id, newest `updated_at` wins: see freshness.ts) and `news_tickers`
 * (one row per article and symbol). Each run reads, per scope ('watchlist', 'market'), from that
 * scope's cursor (the newest `updated_at` stored) minus the lag window up to now.
 */
import { checkNewsArticle, type NewsArticle, type NewsArticleCandidate } from '../../schemas/news';
import type { Source, SourceContext } from '../../sources/types';
import type { NewsCursor } from '../../sources/alpaca-news';
import { news, newsTickers } from '../../warehouse/tables';
import type { WarehouseRow } from '../../warehouse/types';
import { bindSource } from '../loop/bound-source';
import { newestById, toNewsRow, toTickerRows } from './rows';
import type { PipelineDefinition, RunRequest, Slice, ValidationResult } from '../loop/types';

/** What a scope fetches: the watchlist's symbols, or every article. */
export type NewsScope = 'watchlist' | 'market';

/** A scope's cursor, as stored in `pipeline_cursors` and handed to the source. */
export interface NewsScopeCursor extends NewsCursor {
  scope: NewsScope;
}

/** A news source bound to its context, with what the definition needs to know about it. */
export interface NewsSourceBinding<Wire, Config> {
  source: Source<NewsCursor, Wire, NewsArticleCandidate, Config>;
  context: SourceContext<Config>;
  /** The scopes this source can fetch, in run order (RSS has no market-wide feed). */
  scopes: readonly NewsScope[];
  /** The source config that makes `source.pages` fetch exactly `scope`. Pure. */
  configFor(scope: NewsScope, config: Config): Config;
}

const NEWS_SCOPES: readonly NewsScope[] = ['watchlist', 'market'];

const versionOf = (article: NewsArticle) => ({ id: article.id, updatedAt: article.updated_at });

/** The later of two cursors by `updatedAt` (null is earliest); `next` on a tie. Pure. */
export function laterNewsCursor(stored: NewsScopeCursor | undefined, next: NewsScopeCursor): NewsScopeCursor {
  if (stored === undefined || stored.updatedAt === null) return next;
  if (next.updatedAt === null) return stored;
  return Date.parse(stored.updatedAt) > Date.parse(next.updatedAt) ? stored : next;
}

/** Contract check of one page's candidates (every field; plain text, instants, http URLs). Pure. */
export function validateNewsRows(rows: readonly NewsArticleCandidate[]): ValidationResult<NewsArticle> {
  const result: ValidationResult<NewsArticle> = { valid: [], rejected: [] };
  rows.forEach((record, index) => {
    const verdict = checkNewsArticle(record);
    if (verdict.ok) result.valid.push(verdict.article);
    else result.rejected.push({ index, record, issues: verdict.issues });
  });
  return result;
}

/**
 * The source seen per scope: the slice cursor carries its scope, and the bound config is narrowed
 * to that scope, so the run loop keeps one cursor per scope and a failing scope stops only itself.
 */
function scopedSource<Wire, Config>(
  binding: NewsSourceBinding<Wire, Config>,
): Source<NewsScopeCursor, Wire, NewsArticleCandidate, Config> {
  const inner = binding.source;
  return {
    name: inner.name,
    wire: inner.wire,
    keys: inner.keys,
    pages: (cursor, ctx) =>
      inner.pages({ updatedAt: cursor.updatedAt }, { ...ctx, config: binding.configFor(cursor.scope, ctx.config) }),
    normalize: (wire, page) => inner.normalize(wire, page),
    nextCursor: (cursor, rows) => ({ scope: cursor.scope, ...inner.nextCursor({ updatedAt: cursor.updatedAt }, rows) }),
  };
}

/** The news definition, whichever source it reads (the source's wire shape and config stay in its binding). */
export type NewsDefinition = PipelineDefinition<NewsScopeCursor, NewsArticleCandidate, NewsArticle>;

/** Builds the news definition over one bound source. */
export function createNewsDefinition<Wire, Config>(binding: NewsSourceBinding<Wire, Config>): NewsDefinition {
  const known = (scopes: readonly string[]) =>
    scopes.filter(
      (s): s is NewsScope => (NEWS_SCOPES as readonly string[]).includes(s) && binding.scopes.includes(s as NewsScope),
    );
  return {
    name: 'news',
    source: bindSource(scopedSource(binding), binding.context),
    table: news,
    tables: [news, newsTickers],
    today: (now) => now.toISOString().slice(0, 10),
    resolve: (request: RunRequest) => ({
      ...request,
      scopes: request.scopes === undefined ? [...binding.scopes] : known(request.scopes),
    }),
    plan(request, cursors) {
      return known(request.scopes ?? binding.scopes).map((scope): Slice<NewsScopeCursor> => ({
        id: scope,
        scope,
        cursor: { scope, updatedAt: cursors.get(scope)?.updatedAt ?? null },
      }));
    },
    validate: (rows) => validateNewsRows(rows),
    toWarehouseRow: (article, ingestedAt) => toNewsRow(article, ingestedAt),
    advance: laterNewsCursor,
    related(page) {
      // One version per id, as the `news` MERGE keeps; whether it is stale is decided there.
      const rows: WarehouseRow[] = newestById(page.valid, versionOf).flatMap(toTickerRows);
      return [{ table: newsTickers, rows }];
    },
  };
}
