/** Product Hunt API v2 (GraphQL): the `posts` Source, its budget handling and record mapping. */
export {
  createProductHuntSource,
  nextProductHuntCursor,
  type ProductHuntSourceConfig,
  type ProductHuntSourceOptions,
} from './source';
export {
  productHuntPages,
  PRODUCT_HUNT_GRAPHQL_PATH,
  type ProductHuntPagesConfig,
  type ProductHuntPagesDeps,
  type RevealableSecret,
} from './pages';
export { normalizeProductHuntPosts, postToProduct, type ProductHuntNormalized } from './normalize';
export {
  ProductHuntRateLimitError,
  decideBudget,
  findRateLimitError,
  pageCost,
  readRateBudget,
  type BudgetDecision,
  type ProductHuntCursor,
  type RateBudget,
} from './rate-limit';
export {
  POSTS_QUERY,
  postsRequestBody,
  PRODUCT_HUNT_MAX_PAGE_SIZE,
  PRODUCT_HUNT_ORDERS,
  type PostsVariables,
  type ProductHuntOrder,
} from './query';
export { ProductHuntErrorWire, ProductHuntPostWire, ProductHuntPostsPageWire, RATE_LIMIT_REACHED } from './wire';
export { createProductHuntHttp, PRODUCT_HUNT_DEFAULT_BASE_URL, PRODUCT_HUNT_RATE_LIMIT } from './http';
