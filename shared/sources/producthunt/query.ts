/** The GraphQL document and variables of one `posts` page. Pure. */

/** Product Hunt's `PostsOrder` values. NEWEST pages newest first. */
export const PRODUCT_HUNT_ORDERS = ['NEWEST', 'RANKING', 'VOTES', 'FEATURED_AT'] as const;
export type ProductHuntOrder = (typeof PRODUCT_HUNT_ORDERS)[number];

/** Largest `first` we ask for: bigger pages cost more complexity per request and gain nothing. */
export const PRODUCT_HUNT_MAX_PAGE_SIZE = 50;

/**
 * The query: every field of the `Product` contract and the paging info. Variables rather than
 * inlined values, so the document is constant (and the replay server reads `variables`).
 */
export const POSTS_QUERY = `query Posts($first: Int!, $after: String, $postedAfter: DateTime, $order: PostsOrder) {
  posts(first: $first, after: $after, postedAfter: $postedAfter, order: $order) {
    edges {
      cursor
      node {
        id name tagline description slug url website votesCount commentsCount createdAt featuredAt
        topics(first: 10) { edges { node { name } } }
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}`;

export interface PostsVariables {
  first: number;
  after?: string;
  /** ISO-8601 instant: only posts created after it. */
  postedAfter: string;
  order: ProductHuntOrder;
}

/** The JSON body of a `posts` request. @throws RangeError for a page size outside 1..50. */
export function postsRequestBody(variables: PostsVariables): { query: string; variables: PostsVariables } {
  if (!Number.isInteger(variables.first) || variables.first < 1 || variables.first > PRODUCT_HUNT_MAX_PAGE_SIZE) {
    throw new RangeError(`page size must be 1-${PRODUCT_HUNT_MAX_PAGE_SIZE}, got ${variables.first}`);
  }
  const { after, ...rest } = variables;
  return { query: POSTS_QUERY, variables: after === undefined ? rest : { ...rest, after } };
}
