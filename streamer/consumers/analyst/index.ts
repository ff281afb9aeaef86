/** The `analyst` consumer group: ticker tags + lexicon sentiment -> `news_signals` MERGE + one event per article, then commit. */
export {
  createAnalyst,
  analyseArticle,
  SIGNAL_ATTRIBUTES,
  type Analyst,
  type AnalystOptions,
  type AnalystStats,
  type NewsSignalEvent,
} from './sink';
export { startAnalyst, main, type AnalystRunOptions, type RunningAnalyst } from './main';
export { tagTickers, headlineTickers, canonicalTicker, knownTickerSet, type TaggedBy, type TickerTag } from './tagger';
export { scoreSentiment, rawPolarity, type Sentiment, type SentimentLabel } from './sentiment';
