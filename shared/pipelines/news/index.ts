/**
 * The news pipeline, one folder: `run.ts` wires config -> runtime -> bound source -> definition ->
 * run loop behind the freshness guard (`freshness.ts`); `definition.ts` is the PipelineDefinition;
 * `binding.ts` chooses Alpaca news REST or the keyless Yahoo RSS; `settings.ts` and `request.ts`
 * read the config and the HTTP body; `rows.ts` maps articles to rows and keeps the newest version
 * (the streamer's lake sink uses it too).
 */
export { runNews, runNewsFromConfig } from './run';
export {
  createNewsDefinition,
  laterNewsCursor,
  validateNewsRows,
  type NewsDefinition,
  type NewsScope,
  type NewsScopeCursor,
  type NewsSourceBinding,
} from './definition';
export { bindAlpacaNews, bindYahooRss, createConfiguredNewsDefinition, type NewsSourceDeps } from './binding';
export { parseNewsRequest, NewsRequestBody, type ParsedNewsRequest } from './request';
export {
  newsSettingsFrom,
  parseSymbolList,
  toAlpacaSymbol,
  toYahooSymbol,
  DEFAULT_RSS_BASE_URL,
  type NewsSettings,
} from './settings';
