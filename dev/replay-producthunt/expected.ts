/** The exact rows a correct Product Hunt client + normalizer produces from the replay server. */
import type { Product, ProductSnapshot } from '../../shared/schemas/product';
import { replayPosts, type ReplayPostsOptions } from './posts';

/** Products created after `postedAfter` (all when omitted), newest first, in `Product`'s shape. */
export function expectedProducts(options: ReplayPostsOptions & { postedAfter?: string } = {}): Product[] {
  const after = options.postedAfter === undefined ? Number.NEGATIVE_INFINITY : Date.parse(options.postedAfter);
  return replayPosts(options)
    .filter((p) => Date.parse(p.createdAt) > after)
    .map((p) => ({
      id: p.id,
      name: p.name,
      tagline: p.tagline,
      description: p.description,
      slug: p.slug,
      url: p.url,
      website: p.website,
      votes_count: p.votesCount,
      comments_count: p.commentsCount,
      created_at: p.createdAt,
      featured_at: p.featuredAt,
      topics: p.topics.edges.map((e) => e.node.name),
    }));
}

/** The snapshot rows of `products` on `snapshotDate`. */
export function expectedProductSnapshots(products: readonly Product[], snapshotDate: string): ProductSnapshot[] {
  return products.map((p) => ({
    product_id: p.id,
    snapshot_date: snapshotDate,
    votes_count: p.votes_count,
    comments_count: p.comments_count,
  }));
}
