/**
 * The documented shape of Product Hunt API v2 (GraphQL, `POST /v2/api/graphql`) answers to the
 * `posts` query of query.ts, permissive where Product Hunt is: nullable fields may be null, a node
 * may carry fields we did not ask for, and an error answer carries `data: null` + `errors`.
 *
 * Rate limiting (https://api.producthunt.com/v2/docs/rate_limits/headers): 6 250 complexity points
 * per 15 minutes per application, reported on every answer as `X-Rate-Limit-Limit`,
 * `X-Rate-Limit-Remaining` and `X-Rate-Limit-Reset` (seconds until the window resets). Past the
 * limit Product Hunt answers HTTP 429 with
 * `{ data: null, errors: [{ error: 'rate_limit_reached', error_description, details: { limit, remaining, reset_in } }] }`
 * (shape as reported in producthunt/producthunt-api issues #292 and #336).
 */
import { z } from 'zod';

/** One post node: only `id` is required at page level; normalize checks each node on its own. */
export const ProductHuntPostWire = z.object({
  id: z.string(),
  name: z.string(),
  tagline: z.string(),
  description: z.string().nullable().optional(),
  slug: z.string(),
  url: z.string(),
  website: z.string().nullable().optional(),
  votesCount: z.number(),
  commentsCount: z.number(),
  createdAt: z.string(),
  featuredAt: z.string().nullable().optional(),
  topics: z
    .object({ edges: z.array(z.object({ node: z.object({ name: z.string() }).nullable() })) })
    .nullable()
    .optional(),
});
export type ProductHuntPostWire = z.infer<typeof ProductHuntPostWire>;

/** A GraphQL error; Product Hunt's own errors use `error` + `error_description`, GraphQL's use `message`. */
export const ProductHuntErrorWire = z.looseObject({
  error: z.string().optional(),
  error_description: z.string().optional(),
  message: z.string().optional(),
  details: z
    .looseObject({ limit: z.number().optional(), remaining: z.number().optional(), reset_in: z.number().optional() })
    .optional(),
});
export type ProductHuntErrorWire = z.infer<typeof ProductHuntErrorWire>;

/** One page body. Nodes stay `unknown` here so one bad node is quarantined, not the whole page. */
export const ProductHuntPostsPageWire = z.object({
  data: z
    .object({
      posts: z.object({
        edges: z.array(z.object({ cursor: z.string().optional(), node: z.unknown() })),
        pageInfo: z.object({ endCursor: z.string().nullable(), hasNextPage: z.boolean() }),
        totalCount: z.number().optional(),
      }),
    })
    .nullable(),
  errors: z.array(ProductHuntErrorWire).optional(),
});
export type ProductHuntPostsPageWire = z.infer<typeof ProductHuntPostsPageWire>;

/** Product Hunt's error code for an exhausted complexity budget. */
export const RATE_LIMIT_REACHED = 'rate_limit_reached';
