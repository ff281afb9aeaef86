import type { NewsArticleCandidate } from '../../schemas/news';
import type { RawPage, Source, SourceContext } from '../types';
import { normalizeAlpacaNews } from './normalize';
import { alpacaNewsPages, type AlpacaNewsCredentials } from './pages';
import { AlpacaNewsPageWire } from './wire';

/** The source's slice of config. */
export interface AlpacaNewsSourceConfig extends AlpacaNewsCredentials {
  /** Tickers fetched as one filtered window; empty: none. */
  watchlist: readonly string[];
  /** Also fetch every article (no symbol filter). */
  marketWide: boolean;
  /** Re-read this much before the cursor, for articles updated late or indexed late. In ms. */
  lagWindowMs: number;
  /** Without a cursor, start this far back from now. In ms. */
  initialLookbackMs: number;
  /** Articles per page, 1-50. Default 50. */
  pageLimit?: number;
}

/** Where the last run got to: the latest `updated_at` stored (ISO-8601), or null before the first run. */
export interface NewsCursor {
  updatedAt: string | null;
}

/**
 * Pure: the later of the cursor and the newest valid `updated_at` among `rows` (rows whose
 * `updated_at` is not an ISO instant are ignored; they never pass validation anyway).
 */
export function nextNewsCursor(
  cursor: NewsCursor,
  rows: readonly Pick<NewsArticleCandidate, 'updated_at'>[],
): NewsCursor {
  let best = cursor.updatedAt === null ? Number.NEGATIVE_INFINITY : Date.parse(cursor.updatedAt);
  for (const row of rows) {
    const ms = typeof row.updated_at === 'string' ? Date.parse(row.updated_at) : Number.NaN;
    if (Number.isFinite(ms) && ms > best) best = ms;
  }
  return { updatedAt: Number.isFinite(best) ? new Date(best).toISOString() : null };
}

/** The window a run fetches: from the cursor minus the lag window (or the initial lookback) to now. */
export function newsWindow(
  cursor: NewsCursor,
  config: Pick<AlpacaNewsSourceConfig, 'lagWindowMs' | 'initialLookbackMs'>,
  now: Date,
): { start: string; end: string } {
  const startMs =
    cursor.updatedAt === null
      ? now.getTime() - config.initialLookbackMs
      : Date.parse(cursor.updatedAt) - config.lagWindowMs;
  return { start: new Date(Math.min(startMs, now.getTime())).toISOString(), end: now.toISOString() };
}

/**
 * Alpaca news (REST v1beta1) as a Source: per run, the watchlist window and/or the market-wide
 * window from `newsWindow`, each paged to its end. The same article may appear in both windows
 * (and again in the next run's lag window): the MERGE on `id` makes that harmless.
 */
export function createAlpacaNewsSource(): Source<
  NewsCursor,
  AlpacaNewsPageWire,
  NewsArticleCandidate,
  AlpacaNewsSourceConfig
> {
  return {
    name: 'alpaca-news',
    wire: AlpacaNewsPageWire,
    keys: ['id'],
    async *pages(cursor: NewsCursor, ctx: SourceContext<AlpacaNewsSourceConfig>): AsyncIterable<RawPage> {
      const { config } = ctx;
      const window = newsWindow(cursor, config, ctx.now());
      const scopes: { scope: string; symbols?: readonly string[] }[] = [];
      if (config.watchlist.length > 0) scopes.push({ scope: 'watchlist', symbols: config.watchlist });
      if (config.marketWide) scopes.push({ scope: 'market' });
      for (const { scope, symbols } of scopes) {
        ctx.log.debug('alpaca news window', { scope, ...window });
        yield* alpacaNewsPages(
          ctx.http,
          config,
          { ...window, symbols, limit: config.pageLimit, label: { scope } },
          ctx.now,
        );
      }
    },
    normalize: (wire, page) => normalizeAlpacaNews(wire, page),
    nextCursor: nextNewsCursor,
  };
}
