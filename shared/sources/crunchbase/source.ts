import type { FundingRoundCandidate, OrganizationCandidate } from '../../schemas/organization';
import type { Normalized, RawPage, Source, SourceContext } from '../types';
import {
  normalizeCrunchbaseFundingRounds,
  normalizeCrunchbaseOrganization,
  type CbOrganizationNormalized,
} from './normalize';
import { crunchbaseFundingRoundPages, crunchbaseOrganizationPages, type CrunchbasePagesConfig } from './pages';
import { CbFundingRoundSearchWire, CbOrganizationPageWire } from './wire';

/** The source's slice of config (see the report's `crunchbase` section). */
export type CrunchbaseSourceConfig = CrunchbasePagesConfig;

/** An on-demand request: the organizations to look up (validated with `checkPermalinks`). */
export interface CrunchbaseOrganizationsCursor {
  permalinks: string[];
}

/** Pure: the permalinks of `cursor` whose organization is not among `rows` (matched on permalink). */
export function nextOrganizationsCursor(
  cursor: CrunchbaseOrganizationsCursor,
  rows: readonly Pick<OrganizationCandidate, 'permalink'>[],
): CrunchbaseOrganizationsCursor {
  const done = new Set(rows.map((row) => row.permalink));
  return { permalinks: cursor.permalinks.filter((p) => !done.has(p)) };
}

/**
 * Crunchbase organizations by permalink as a Source: one page per permalink (the entity with its
 * `raised_funding_rounds` card). Rows are `Organization` candidates (MERGE on `uuid`); each page's
 * `fundingRounds` are `FundingRound` candidates (MERGE on `uuid`); an unknown permalink is a 404
 * page whose normalize output lists it in `notFound` (and as a `not_found` problem) without
 * stopping the other permalinks.
 */
export function createCrunchbaseOrganizationsSource(): Omit<
  Source<CrunchbaseOrganizationsCursor, CbOrganizationPageWire, OrganizationCandidate, CrunchbaseSourceConfig>,
  'normalize'
> & {
  normalize(wire: CbOrganizationPageWire, page: RawPage): CbOrganizationNormalized;
} {
  return {
    name: 'crunchbase',
    wire: CbOrganizationPageWire,
    keys: ['uuid'],
    pages: (cursor: CrunchbaseOrganizationsCursor, ctx: SourceContext<CrunchbaseSourceConfig>) =>
      crunchbaseOrganizationPages(ctx.http, ctx.config, cursor.permalinks, ctx.now),
    normalize: (wire, page) => normalizeCrunchbaseOrganization(wire, page),
    nextCursor: nextOrganizationsCursor,
  };
}

/** Where recent-round searches got to. */
export interface CrunchbaseFundingRoundsCursor {
  /** 'YYYY-MM-DD': rounds announced on or after it. */
  announcedSince: string;
  /** Resume a stopped search after this round uuid. */
  afterId?: string;
  /** Latest `announced_on` seen by the last complete search (watermark). */
  latestAnnouncedOn?: string;
}

/** Pure: after a complete search, no `afterId`, and the latest valid `announced_on` among stored and `rows`. */
export function nextFundingRoundsCursor(
  cursor: CrunchbaseFundingRoundsCursor,
  rows: readonly Pick<FundingRoundCandidate, 'announced_on'>[],
): CrunchbaseFundingRoundsCursor {
  let latest = cursor.latestAnnouncedOn;
  for (const row of rows) {
    const date = row.announced_on;
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && (latest === undefined || date > latest))
      latest = date;
  }
  return { announcedSince: cursor.announcedSince, ...(latest === undefined ? {} : { latestAnnouncedOn: latest }) };
}

/** Recent funding rounds (`searches/funding_rounds`, `after_id` paging) as a Source; MERGE on `uuid`. */
export function createCrunchbaseFundingRoundsSource(): Omit<
  Source<CrunchbaseFundingRoundsCursor, CbFundingRoundSearchWire, FundingRoundCandidate, CrunchbaseSourceConfig>,
  'normalize'
> & {
  normalize(wire: CbFundingRoundSearchWire, page: RawPage): Normalized<FundingRoundCandidate>;
} {
  return {
    name: 'crunchbase-funding-rounds',
    wire: CbFundingRoundSearchWire,
    keys: ['uuid'],
    pages: (cursor: CrunchbaseFundingRoundsCursor, ctx: SourceContext<CrunchbaseSourceConfig>) =>
      crunchbaseFundingRoundPages(ctx.http, ctx.config, cursor, ctx.now),
    normalize: (wire, page) => normalizeCrunchbaseFundingRounds(wire, page),
    nextCursor: nextFundingRoundsCursor,
  };
}
