/** The Product Hunt API v2 replay server for tests, benches and the demo. */
export {
  startProductHuntReplayServer,
  rateLimitBody,
  type ProductHuntFaults,
  type ProductHuntReplayOptions,
  type ProductHuntReplayServer,
  type ProductHuntRequestRecord,
} from './server';
export { replayPosts, cursorOf, positionOf, DEFAULT_LATEST, type ReplayPost, type ReplayPostsOptions } from './posts';
export { expectedProducts, expectedProductSnapshots } from './expected';
export { parsePostsRequest, type PostsArgs } from './graphql';
