/** The `lake-sink` consumer group: news topic -> lake objects by offset range + `news`/`news_tickers` MERGE, then commit. */
export { createLakeSink, type DurableChunk, type LakeSink, type LakeSinkOptions, type LakeSinkStats } from './sink';
export { startLakeSink, main, OBJECT_MAX_SPAN_MS, type LakeSinkRunOptions, type RunningLakeSink } from './main';
export { createBatcher, type Batcher, type BatcherOptions } from './batcher';
export { nextChunk, planChunks, dtHourOf, type Chunk, type ChunkLimits } from './chunks';
