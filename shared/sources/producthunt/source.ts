import type { ProductCandidate } from '../../schemas/product';
import type { RawPage, Source, SourceContext } from '../types';
import { normalizeProductHuntPosts, type ProductHuntNormalized } from './normalize';
import { productHuntPages, type ProductHuntPagesConfig, type ProductHuntPagesDeps } from './pages';
import type { ProductHuntCursor } from './rate-limit';
import { ProductHuntPostsPageWire } from './wire';

/** The source's slice of config (see the report's `productHunt` section). */
export type ProductHuntSourceConfig = ProductHuntPagesConfig;

/** The source's own behaviour that is not config: injectable waits for tests. */
export type ProductHuntSourceOptions = Pick<ProductHuntPagesDeps, 'sleep' | 'random'>;

/**
 * Pure: the cursor after a complete pass over `rows`: same `postedAfter`, no `endCursor` (the next
 * run starts from the newest post again), `newestCreatedAt` the later of the stored one and the
 * rows'. A run stopped by the budget does not come here: ProductHuntRateLimitError.cursor is the
 * resume point to store instead.
 */
export function nextProductHuntCursor(
  cursor: ProductHuntCursor,
  rows: readonly Pick<ProductCandidate, 'created_at'>[],
): ProductHuntCursor {
  let newest = cursor.newestCreatedAt === undefined ? Number.NEGATIVE_INFINITY : Date.parse(cursor.newestCreatedAt);
  for (const row of rows) {
    const ms = typeof row.created_at === 'string' ? Date.parse(row.created_at) : Number.NaN;
    if (Number.isFinite(ms) && ms > newest) newest = ms;
  }
  return {
    postedAfter: cursor.postedAfter,
    ...(Number.isFinite(newest) ? { newestCreatedAt: new Date(newest).toISOString() } : {}),
  };
}

/**
 * Product Hunt API v2 as a Source: the `posts` created after `cursor.postedAfter`, newest first,
 * cursor-paged. Rows are `Product` candidates (MERGE on `id`); each page's `snapshots` are the
 * `product_snapshots` candidates (MERGE on product_id + snapshot_date).
 */
export function createProductHuntSource(options: ProductHuntSourceOptions = {}): Omit<
  Source<ProductHuntCursor, ProductHuntPostsPageWire, ProductCandidate, ProductHuntSourceConfig>,
  'normalize'
> & {
  normalize(wire: ProductHuntPostsPageWire, page: RawPage): ProductHuntNormalized;
} {
  return {
    name: 'producthunt',
    wire: ProductHuntPostsPageWire,
    keys: ['id'],
    pages: (cursor: ProductHuntCursor, ctx: SourceContext<ProductHuntSourceConfig>) =>
      productHuntPages(ctx.http, ctx.config, cursor, { now: ctx.now, log: ctx.log, ...options }),
    normalize: (wire, page) => normalizeProductHuntPosts(wire, page),
    nextCursor: nextProductHuntCursor,
  };
}
