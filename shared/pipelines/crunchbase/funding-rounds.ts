/**
 * The Crunchbase recent-rounds definition: one slice, `searches/funding_rounds` over the lookback
 * window with `after_id` paging -> `funding_rounds` (MERGE on uuid, partitioned by announced_on).
 *
 * A second definition rather than a second slice kind of the organizations one: the run loop
 * ties a definition to one main table, and these rounds are main records (counted in, valid and
 * quarantined in the ledger), which `related` rows of an organizations slice would not be.
 *
 * Cursor (scope SEARCH_SCOPE): `latestAnnouncedOn`, the newest round seen, widens the next window
 * back to it when runs were further apart than the lookback; `afterId`, stored when a search stops
 * part way (e.g. 429s past the client's retries), makes the next run resume after the last page
 * that landed instead of starting over.
 */
import type { FundingRound, FundingRoundCandidate } from '../../schemas/organization';
import {
  CbFundingRoundSearchWire,
  createCrunchbaseFundingRoundsSource,
  nextFundingRoundsCursor,
  type CrunchbaseFundingRoundsCursor,
  type CrunchbaseSourceConfig,
} from '../../sources/crunchbase';
import type { RawPage, SourceContext } from '../../sources/types';
import { fundingRounds } from '../../warehouse/tables';
import { bindSource } from '../loop/bound-source';
import type { PipelineDefinition, Slice } from '../loop/types';
import { CRUNCHBASE_PIPELINE, utcDay } from './organizations';
import { fundingRoundRow, validateFundingRounds } from './validate';

/** The cursor scope of the recent-rounds search; ':' keeps it apart from every permalink. */
export const SEARCH_SCOPE = 'search:funding_rounds';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' `days` calendar days before `date`. */
function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
}

/** The uuid of the last entity of a search page (the `after_id` of the page after it). */
function lastUuid(page: RawPage): string | undefined {
  const entities = (page.body as { entities?: { uuid?: unknown }[] } | null)?.entities;
  const uuid = Array.isArray(entities) ? entities[entities.length - 1]?.uuid : undefined;
  return typeof uuid === 'string' && uuid !== '' ? uuid : undefined;
}

/**
 * The slice of a run: resume a stopped search, else search from `lookbackDays` before today, or
 * from the stored watermark when that is older (no round between two distant runs is skipped). Pure.
 */
export function planRecentRounds(
  stored: CrunchbaseFundingRoundsCursor | undefined,
  today: string,
  lookbackDays: number,
): Slice<CrunchbaseFundingRoundsCursor> {
  if (stored?.afterId !== undefined) {
    return {
      id: `${SEARCH_SCOPE}:${stored.announcedSince}:after:${stored.afterId}`,
      scope: SEARCH_SCOPE,
      cursor: stored,
      from: stored.announcedSince,
      to: today,
    };
  }
  const windowStart = daysBefore(today, lookbackDays);
  const watermark = stored?.latestAnnouncedOn;
  const since = watermark !== undefined && watermark < windowStart ? watermark : windowStart;
  const cursor = { announcedSince: since, ...(watermark === undefined ? {} : { latestAnnouncedOn: watermark }) };
  return { id: `${SEARCH_SCOPE}:${since}`, scope: SEARCH_SCOPE, cursor, from: since, to: today };
}

/** Stored + next: the newer watermark, and `next`'s window and resume point. Pure. */
export function advanceRecentRounds(
  stored: CrunchbaseFundingRoundsCursor | undefined,
  next: CrunchbaseFundingRoundsCursor,
): CrunchbaseFundingRoundsCursor {
  const marks = [stored?.latestAnnouncedOn, next.latestAnnouncedOn].filter((d): d is string => d !== undefined).sort();
  const latest = marks[marks.length - 1];
  return {
    announcedSince: next.announcedSince,
    ...(next.afterId === undefined ? {} : { afterId: next.afterId }),
    ...(latest === undefined ? {} : { latestAnnouncedOn: latest }),
  };
}

/** Builds the recent-rounds definition over a source context and the lookback window in days. */
export function createCrunchbaseFundingRoundsDefinition(
  context: SourceContext<CrunchbaseSourceConfig>,
  settings: { fundingRoundsLookbackDays: number },
): PipelineDefinition<CrunchbaseFundingRoundsCursor, FundingRoundCandidate, FundingRound> {
  const inner = createCrunchbaseFundingRoundsSource();
  // Where a failed search got to, keyed by the error it failed with (resumeCursor gets only that).
  const stoppedAt = new WeakMap<object, CrunchbaseFundingRoundsCursor>();
  return {
    name: CRUNCHBASE_PIPELINE,
    source: bindSource(
      {
        ...inner,
        async *pages(cursor, ctx) {
          let landedAfter: string | undefined;
          const landed: Pick<FundingRoundCandidate, 'announced_on'>[] = [];
          try {
            for await (const page of inner.pages(cursor, ctx)) {
              yield page;
              // Resumed only once the run loop landed the page.
              landedAfter = lastUuid(page) ?? landedAfter;
              const wire = CbFundingRoundSearchWire.safeParse(page.body);
              if (wire.success) landed.push(...inner.normalize(wire.data, page).rows);
            }
          } catch (error) {
            // The watermark counts the landed pages too: they hold the newest rounds (desc order).
            if (landedAfter !== undefined && typeof error === 'object' && error !== null)
              stoppedAt.set(error, { ...nextFundingRoundsCursor(cursor, landed), afterId: landedAfter });
            throw error;
          }
        },
      },
      context,
    ),
    table: fundingRounds,
    tables: [fundingRounds],
    today: utcDay,
    resolve: (request) => ({ ...request, mode: 'incremental', scopes: [SEARCH_SCOPE] }),
    plan: (_request, cursors, today) => [
      planRecentRounds(cursors.get(SEARCH_SCOPE), today, settings.fundingRoundsLookbackDays),
    ],
    validate: validateFundingRounds,
    toWarehouseRow: fundingRoundRow,
    advance: advanceRecentRounds,
    resumeCursor: (error) => (typeof error === 'object' && error !== null ? stoppedAt.get(error) : undefined),
  };
}
