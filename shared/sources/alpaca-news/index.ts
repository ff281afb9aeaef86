/** Alpaca news, REST v1beta1: the batch Source, and the pager and record mapping the streamer reuses. */
export {
  createAlpacaNewsSource,
  nextNewsCursor,
  newsWindow,
  type AlpacaNewsSourceConfig,
  type NewsCursor,
} from './source';
export { alpacaNewsPages, type AlpacaNewsCredentials, type AlpacaNewsQuery, type RevealableSecret } from './pages';
export { alpacaNewsToCandidate, normalizeAlpacaNews, type AlpacaNewsRecordResult } from './normalize';
export { AlpacaNewsPageWire, AlpacaNewsRecordWire, ALPACA_NEWS_MAX_LIMIT } from './wire';
