/** The news replay stand-in: Alpaca news websocket + REST and Yahoo RSS over one deterministic history. */
export {
  startNewsReplayServer,
  DEFAULT_NEWS_REPLAY_CREDENTIALS,
  type NewsReplayOptions,
  type NewsReplayServer,
} from './server';
export {
  replayNewsArticle,
  articleTraits,
  toStreamMessage,
  rfc3339Seconds,
  REPLAY_NEWS_SYMBOLS,
  DEFAULT_FIRST_NEWS_ID,
  type ReplayNewsRecord,
} from './articles';
export { answerNewsRequest, answerRssRequest, newsPageToken, type NewsCredentials } from './rest-route';
export { createRateGenerator, dueCount, type RateGenerator, type RateGeneratorOptions } from './rate';
export { reviseRecord, type ReplayNewsChanges } from './revisions';
