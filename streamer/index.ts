/** The news streamer: websocket -> validate -> Kafka (or the file log), with REST catch-up and /healthz. */
export { createNewsStreamer, type NewsStreamer, type NewsStreamerDeps, type NewsStreamerOptions } from './streamer';
export {
  Publisher,
  DLQ_REASON_HEADER,
  VIA_HEADER,
  RECEIVED_AT_HEADER,
  type AcceptResult,
  type PublisherOptions,
  type PublisherStats,
} from './publish';
export { startHealthServer, type HealthServer, type StreamerHealth } from './health';
export { toNewsStreamerOptions, parseSubscribe, type NewsStreamSettings, type AlpacaKeys } from './options';
export { catchUp, type CatchUpRequest } from './catch-up';
export { RecentKeys } from './dedupe';
export {
  createNewsStreamClient,
  NewsStreamFatalError,
  type NewsStreamClient,
  type NewsStreamClientOptions,
  type NewsStreamState,
} from './ws/client';
export {
  createBackoff,
  reconnectDelayMs,
  DEFAULT_RECONNECT_POLICY,
  type Backoff,
  type ReconnectPolicy,
} from './ws/reconnect';
export { errorPolicy, decodeFrame, type ErrorPolicy } from './ws/protocol';
