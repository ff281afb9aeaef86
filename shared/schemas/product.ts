import { z } from 'zod';

/**
 * Product Hunt data contracts: `Product` (table `products`, MERGE on `id`) and `ProductSnapshot`
 * (table `product_snapshots`, MERGE on (`product_id`, `snapshot_date`), partitioned by
 * `snapshot_date`): votes and comments of each product as seen on each day, so their growth over
 * time survives the MERGE that overwrites `products`.
 */

const instant = z.iso.datetime({ offset: true });
const httpUrl = z.url({ protocol: /^https?$/ });
const count = z.number().int().nonnegative();

/**
 * One launch (a Product Hunt "post"), provider-neutral.
 *
 * - `id`: Product Hunt's post id, a decimal string ('412345').
 * - `tagline`: required by Product Hunt; may be empty only if Product Hunt sends it empty (never seen).
 * - `description`, `website`, `featured_at`: null when Product Hunt sends null or omits them
 *   (`featured_at` null = not featured on the home page).
 * - `url`: the post's page on producthunt.com; `website`: the maker's site (a PH redirect URL).
 * - `votes_count`, `comments_count`: as of the fetch (they grow; snapshots keep history); non-negative integers.
 * - `created_at`, `featured_at`: ISO-8601 instants as Product Hunt sends them (UTC offset kept).
 * - `topics`: topic names in Product Hunt's order, no duplicates, possibly empty.
 */
export const Product = z.object({
  id: z.string().regex(/^\d{1,20}$/, 'id must be a decimal string'),
  name: z.string().min(1).max(500),
  tagline: z.string().max(2_000),
  description: z.string().max(20_000).nullable(),
  slug: z.string().min(1).max(500),
  url: httpUrl,
  website: httpUrl.nullable(),
  votes_count: count,
  comments_count: count,
  created_at: instant,
  featured_at: instant.nullable(),
  topics: z
    .array(z.string().min(1).max(200))
    .max(100)
    .refine((topics) => new Set(topics).size === topics.length, 'topics must not repeat'),
});
export type Product = z.infer<typeof Product>;

/** The natural key of `products`. */
export const PRODUCT_KEYS = ['id'] as const satisfies readonly (keyof Product)[];

/**
 * Votes and comments of one product on one day ('YYYY-MM-DD', UTC date of the fetch). A second
 * fetch on the same day replaces the first (MERGE), so there is one row per product per day.
 */
export const ProductSnapshot = z.object({
  product_id: Product.shape.id,
  snapshot_date: z.iso.date(),
  votes_count: count,
  comments_count: count,
});
export type ProductSnapshot = z.infer<typeof ProductSnapshot>;

/** The natural key of `product_snapshots`. */
export const PRODUCT_SNAPSHOT_KEYS = [
  'product_id',
  'snapshot_date',
] as const satisfies readonly (keyof ProductSnapshot)[];

/** A row before validation: the shape of `Product`, values as normalisation could make them. */
export type ProductCandidate = { [K in keyof Product]: unknown };

/** A snapshot before validation. */
export type ProductSnapshotCandidate = { [K in keyof ProductSnapshot]: unknown };

/** The snapshot of a product on `snapshotDate` ('YYYY-MM-DD'). Pure. */
export function toProductSnapshot(
  product: Pick<ProductCandidate, 'id' | 'votes_count' | 'comments_count'>,
  snapshotDate: string,
): ProductSnapshotCandidate {
  return {
    product_id: product.id,
    snapshot_date: snapshotDate,
    votes_count: product.votes_count,
    comments_count: product.comments_count,
  };
}
