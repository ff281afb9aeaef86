/**
 * Article versions for the replay server: Alpaca keeps one record per id and an edit bumps its
 * `updated_at`, so a REST read after an edit sees only the newer version. Pure.
 */
import { rfc3339Seconds, type ReplayNewsRecord } from './articles';

/** Fields an edit may change (the id and created_at never change). */
export type ReplayNewsChanges = Partial<
  Pick<ReplayNewsRecord, 'headline' | 'summary' | 'content' | 'author' | 'url' | 'symbols' | 'source'>
>;

/**
 * The next version of `record`: `changes` applied and `updated_at` set to `atMs`, or one second
 * after the current version when `atMs` is not later (timestamps have whole seconds).
 */
export function reviseRecord(
  record: ReplayNewsRecord,
  atMs: number,
  changes: ReplayNewsChanges = {},
): ReplayNewsRecord {
  const previous = Date.parse(record.updated_at);
  const updatedMs = Math.floor(atMs / 1000) * 1000 > previous ? atMs : previous + 1000;
  return { ...record, ...changes, updated_at: rfc3339Seconds(updatedMs) };
}
