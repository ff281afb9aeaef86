/** The provider replay server for tests, benches and the demo. */
export {
  startPriceReplayServer,
  DEFAULT_REPLAY_CREDENTIALS,
  type PriceReplayOptions,
  type PriceReplayServer,
} from './server';
export {
  barsFor,
  splitAdjusted,
  splitRatio,
  DEFAULT_SPLITS,
  SERIES_EPOCH,
  type SeriesBar,
  type SeriesOptions,
  type SplitSpec,
} from './price-series';
export { expectedPriceBars, type ExpectedBarsRequest } from './expected';
export { NYSE_HOLIDAYS, tradingDays } from './calendar';
export type { FaultController, FaultKind, NullField, NullInjection, PathPattern } from './faults';
export type { RequestLog, ReplayRequestRecord, ReplayProvider } from './request-log';
export type { ReplayCredentials } from './routes/types';
