/** Product Hunt `posts` pages -> `Product` and `ProductSnapshot` candidates. Pure: no I/O, no clock. */
import { toProductSnapshot, type ProductCandidate, type ProductSnapshotCandidate } from '../../schemas/product';
import { toIssues } from '../../schemas/quarantine';
import type { Normalized, RawPage } from '../types';
import { ProductHuntPostWire, type ProductHuntErrorWire, type ProductHuntPostsPageWire } from './wire';

/** Products plus the day's snapshot of each; `errors` are GraphQL errors Product Hunt sent beside data. */
export interface ProductHuntNormalized extends Normalized<ProductCandidate> {
  /** One per row, same order, dated by the UTC date the page was received. */
  snapshots: ProductSnapshotCandidate[];
  errors: ProductHuntErrorWire[];
}

/** A post node to a candidate row: null/absent optional fields become null; topics keep their order, once each. */
export function postToProduct(post: ProductHuntPostWire): ProductCandidate {
  const topics: string[] = [];
  for (const edge of post.topics?.edges ?? []) {
    const name = edge.node?.name;
    if (name !== undefined && !topics.includes(name)) topics.push(name);
  }
  return {
    id: post.id,
    name: post.name,
    tagline: post.tagline,
    description: post.description ?? null,
    slug: post.slug,
    url: post.url,
    website: post.website === '' ? null : (post.website ?? null),
    votes_count: post.votesCount,
    comments_count: post.commentsCount,
    created_at: post.createdAt,
    featured_at: post.featuredAt ?? null,
    topics,
  };
}

/**
 * Maps one page. A node without Product Hunt's post shape becomes a `problems` entry
 * ('data.posts.edges.<i>.node'); a page with `data: null` (an error answer) yields no rows and its
 * `errors`. `page.receivedAt` dates the snapshots.
 */
export function normalizeProductHuntPosts(
  wire: ProductHuntPostsPageWire,
  page: Pick<RawPage, 'receivedAt'>,
): ProductHuntNormalized {
  const snapshotDate = page.receivedAt.slice(0, 10);
  const out: ProductHuntNormalized = { rows: [], problems: [], skipped: {}, snapshots: [], errors: wire.errors ?? [] };
  (wire.data?.posts.edges ?? []).forEach((edge, i) => {
    const parsed = ProductHuntPostWire.safeParse(edge.node);
    if (!parsed.success) {
      out.problems.push({ path: `data.posts.edges.${i}.node`, record: edge.node, issues: toIssues(parsed.error) });
      return;
    }
    const row = postToProduct(parsed.data);
    out.rows.push(row);
    out.snapshots.push(toProductSnapshot(row, snapshotDate));
  });
  return out;
}
