/**
 * Where a Product Hunt run starts and how its cursor moves. Pure: no I/O, no clock.
 *
 * Product Hunt has one stream (`posts`), so a run is ONE slice in ONE cursor scope. A complete
 * pass re-reads the last `lookbackDays` days of posts, because votes and comments keep growing
 * after a launch and the daily snapshots should see them. A pass stopped by the complexity budget
 * stores Product Hunt's page cursor (`endCursor`); the next run resumes that pass where it stopped
 * instead of starting again from the newest post.
 */
import type { ProductHuntCursor } from '../../sources/producthunt';
import type { RunRequest, Slice } from '../loop/types';

/** The one cursor scope of the pipeline. */
export const PRODUCT_HUNT_SCOPE = 'posts';

/** The settings planning needs. */
export interface ProductHuntPlanSettings {
  /** Days of posts a scheduled run re-reads (>= 1). */
  lookbackDays: number;
}

/** 'YYYY-MM-DD' minus `days` calendar days. */
export function daysBefore(day: string, days: number): string {
  const ms = Date.parse(`${day}T00:00:00.000Z`) - days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The `postedAfter` instant of a day: its UTC midnight, so every run of one day asks the same query. */
export function startOfDay(day: string): string {
  return `${day}T00:00:00.000Z`;
}

/** Fills a request's defaults: a backfill without `from` reads the lookback window; `to` is today. */
export function resolveProductHuntRequest(
  request: RunRequest,
  today: string,
  settings: ProductHuntPlanSettings,
): RunRequest {
  const scopes = [PRODUCT_HUNT_SCOPE];
  if (request.mode !== 'backfill') return { ...request, scopes };
  return { ...request, scopes, from: request.from ?? daysBefore(today, settings.lookbackDays), to: today };
}

/**
 * The run's one slice. Incremental: resume the stored pass when it has an `endCursor`, else a new
 * pass over the lookback window. Backfill: posts after `request.from`, resuming only a stored pass
 * over that same window. The slice id names the window, not the page, so a backfill finished by a
 * resumed run counts as done.
 */
export function planProductHunt(
  request: RunRequest,
  stored: ProductHuntCursor | undefined,
  today: string,
  settings: ProductHuntPlanSettings,
): Slice<ProductHuntCursor>[] {
  const watermark = stored?.newestCreatedAt === undefined ? {} : { newestCreatedAt: stored.newestCreatedAt };
  let cursor: ProductHuntCursor;
  if (request.mode === 'backfill') {
    const postedAfter = startOfDay(request.from ?? daysBefore(today, settings.lookbackDays));
    const resumes = stored?.endCursor !== undefined && stored.postedAfter === postedAfter;
    cursor = { postedAfter, ...(resumes ? { endCursor: stored.endCursor } : {}), ...watermark };
  } else if (stored?.endCursor !== undefined) {
    cursor = { postedAfter: stored.postedAfter, endCursor: stored.endCursor, ...watermark };
  } else {
    cursor = { postedAfter: startOfDay(daysBefore(today, settings.lookbackDays)), ...watermark };
  }
  const day = cursor.postedAfter.slice(0, 10);
  return [
    {
      id: `${PRODUCT_HUNT_SCOPE}:${cursor.postedAfter}`,
      scope: PRODUCT_HUNT_SCOPE,
      cursor,
      from: day,
      to: today < day ? day : today,
    },
  ];
}

/**
 * The cursor to store: `next` (a finished pass without `endCursor`, or a resume point with one),
 * keeping the later `newestCreatedAt` watermark of the two.
 */
export function advanceProductHuntCursor(
  stored: ProductHuntCursor | undefined,
  next: ProductHuntCursor,
): ProductHuntCursor {
  const marks = [stored?.newestCreatedAt, next.newestCreatedAt].filter(
    (m): m is string => m !== undefined && !Number.isNaN(Date.parse(m)),
  );
  const newest = marks.sort((a, b) => Date.parse(a) - Date.parse(b)).at(-1);
  const { newestCreatedAt: _drop, ...rest } = next;
  return newest === undefined ? rest : { ...rest, newestCreatedAt: newest };
}
