/** The news topic's consumer groups (lake sink, analyst) and their settings. */
export * as lakeSink from './lake-sink';
export * as analyst from './analyst';
export {
  consumersSection,
  consumersSettingsFrom,
  parseConsumersSettings,
  STREAMER_ROLES,
  type ConsumersSettings,
  type StreamerRole,
} from './settings';
export { decodeNewsMessages, latestVersions, type DecodedNews, type UndecodableNews } from './news-message';
