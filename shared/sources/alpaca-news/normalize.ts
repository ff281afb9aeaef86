/** Alpaca news records -> provider-neutral article candidates. Pure: no I/O, no clock. */
import { toNewsArticleCandidate, type NewsArticleCandidate } from '../../schemas/news';
import { toIssues, type ValidationIssue } from '../../schemas/quarantine';
import type { Normalized, RawPage } from '../types';
import { AlpacaNewsRecordWire, type AlpacaNewsPageWire } from './wire';

/** A record mapped to a candidate, or the reasons it does not even have Alpaca's shape. */
export type AlpacaNewsRecordResult = { ok: true; row: NewsArticleCandidate } | { ok: false; issues: ValidationIssue[] };

/**
 * One untrusted Alpaca article (from a REST page or a stream `n` message; the stream's `T` field is
 * ignored) to a candidate row. A record that is not Alpaca's shape (no integer id, headline not a
 * string, ...) yields its zod issues; values are still checked against `NewsArticle` afterwards.
 */
export function alpacaNewsToCandidate(record: unknown): AlpacaNewsRecordResult {
  const parsed = AlpacaNewsRecordWire.safeParse(record);
  if (!parsed.success) return { ok: false, issues: toIssues(parsed.error) };
  // zod's output is a fresh object: tagging it in place spares a copy per article on the stream's hot path.
  return { ok: true, row: toNewsArticleCandidate(Object.assign(parsed.data, { provider: 'alpaca' as const })) };
}

/** Maps one REST page; a record without Alpaca's shape becomes a `problems` entry ('news.<i>'). */
export function normalizeAlpacaNews(wire: AlpacaNewsPageWire, _page?: RawPage): Normalized<NewsArticleCandidate> {
  const out: Normalized<NewsArticleCandidate> = { rows: [], problems: [], skipped: {} };
  (wire.news ?? []).forEach((record, i) => {
    const result = alpacaNewsToCandidate(record);
    if (result.ok) out.rows.push(result.row);
    else out.problems.push({ path: `news.${i}`, record, issues: result.issues });
  });
  return out;
}
