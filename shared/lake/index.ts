/**
 * The lake: one object-store interface (types.ts), a Cloud Storage and a local-directory
 * implementation with the same layout (paths.ts), and Parquet encoding for `clean/`.
 */
export type { Lake, LakeKind, LakeObjectInfo, LakeSource, PutOptions, PutResult } from './types';
export { LakeObjectNotFound, LakeKeyError } from './errors';
export { assertValidKey, assertValidPrefix, compareKeys, MAX_KEY_BYTES } from './key';
export {
  rawKey,
  cleanKey,
  quarantineKey,
  streamKey,
  partitionPrefix,
  parsePartition,
  formatDay,
  type LakeLayer,
  type LakePartition,
  type DayInput,
  type OffsetInput,
} from './paths';
export { encodeParquet, type ColumnType, type ParquetColumn, type ParquetRow } from './parquet';
export { ARCHIVE_GZIP } from './gzip';
export { createLocalDirLake, type LocalDirLakeOptions } from './local-dir';
export { createGcsLake, type GcsLake, type GcsLakeOptions } from './gcs';
export { createLake, type LakeSettings } from './create-lake';
