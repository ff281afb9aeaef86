/**
 * The Crunchbase organizations definition: one slice per permalink ->
 * `entities/organizations/{permalink}` -> `organizations` (MERGE on uuid), and the rounds of its
 * `raised_funding_rounds` card -> `funding_rounds` (MERGE on uuid) through `related`.
 *
 * An unknown permalink (404) lands like any page (raw/, and a `not_found` record in quarantine/),
 * then fails ITS slice with OrganizationNotFoundError quoting Crunchbase's answer, so the summary
 * and the ledger name it while the other permalinks land.
 */
import { IngestError } from '../../errors';
import type { Organization, OrganizationCandidate } from '../../schemas/organization';
import {
  CbOrganizationEntityWire,
  CbOrganizationPageWire,
  createCrunchbaseOrganizationsSource,
  type CbOrganizationNormalized,
  type CrunchbaseSourceConfig,
} from '../../sources/crunchbase';
import type { RawPage, Source, SourceContext } from '../../sources/types';
import { fundingRounds, organizations } from '../../warehouse/tables';
import { bindSource } from '../loop/bound-source';
import type { PipelineDefinition } from '../loop/types';
import { cardRounds, validateOrganizations } from './validate';

/** The pipeline name both Crunchbase definitions run under (registry, ledger, cursors). */
export const CRUNCHBASE_PIPELINE = 'crunchbase';

/** Crunchbase did not answer with an organization for a permalink (404, or a body that is not one). Terminal. */
export class OrganizationNotFoundError extends IngestError {
  readonly permalink: string;
  constructor(permalink: string, status: number, message: string) {
    super(message, { retriable: false, context: { permalink, status } });
    this.permalink = permalink;
  }
}

/**
 * One organization slice's cursor: the permalink asked for and, once it landed, the uuid it
 * resolved to (so the ledger's cursor_after maps every landed permalink to its organization).
 */
export interface CrunchbaseOrganizationCursor {
  permalink: string;
  uuid?: string;
}

type OrganizationSource = Source<
  CrunchbaseOrganizationCursor,
  CbOrganizationPageWire,
  OrganizationCandidate,
  CrunchbaseSourceConfig
>;

/** The provider's organizations source, one permalink per cursor, failing the slice after an unknown permalink's page landed. */
export function organizationSlices(): OrganizationSource & {
  normalize(wire: CbOrganizationPageWire, page: RawPage): CbOrganizationNormalized;
} {
  const inner = createCrunchbaseOrganizationsSource();
  return {
    name: inner.name,
    wire: inner.wire,
    keys: inner.keys,
    normalize: inner.normalize,
    async *pages(cursor, ctx) {
      for await (const page of inner.pages({ permalinks: [cursor.permalink] }, ctx)) {
        yield page;
        // Resumed only after the run loop landed the page: raw and quarantine already hold it.
        if (page.status === 200 && CbOrganizationEntityWire.safeParse(page.body).success) continue;
        const wire = CbOrganizationPageWire.safeParse(page.body);
        const notFound = wire.success ? inner.normalize(wire.data, page).notFound[0] : undefined;
        throw new OrganizationNotFoundError(
          cursor.permalink,
          page.status,
          notFound?.message ?? `Crunchbase answered ${page.status} for "${cursor.permalink}" without an organization`,
        );
      }
    },
    nextCursor: (cursor, rows) => {
      const uuid = rows.find((row) => row.permalink === cursor.permalink)?.uuid ?? rows[0]?.uuid;
      return typeof uuid === 'string' ? { permalink: cursor.permalink, uuid } : { permalink: cursor.permalink };
    },
  };
}

/** The UTC calendar day of `now`: Crunchbase dates carry no zone. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Builds the organizations definition over a source context (HTTP client with the key's config). */
export function createCrunchbaseOrganizationsDefinition(
  context: SourceContext<CrunchbaseSourceConfig>,
): PipelineDefinition<CrunchbaseOrganizationCursor, OrganizationCandidate, Organization> {
  return {
    name: CRUNCHBASE_PIPELINE,
    source: bindSource(organizationSlices(), context),
    table: organizations,
    tables: [organizations, fundingRounds],
    today: utcDay,
    resolve: (request) => ({ ...request, mode: 'incremental', scopes: [...new Set(request.scopes ?? [])] }),
    // On demand: exactly the permalinks asked for, whatever was stored before.
    plan: (request) =>
      (request.scopes ?? []).map((permalink) => ({ id: permalink, scope: permalink, cursor: { permalink } })),
    validate: validateOrganizations,
    toWarehouseRow: (org, ingestedAt) => ({ ...org, ingested_at: ingestedAt }),
    advance: (_stored, next) => next,
    related({ normalized }, ingestedAt, today) {
      const page = normalized as CbOrganizationNormalized;
      const { rows, rejected } = cardRounds(
        page.fundingRounds ?? [],
        page.fundingRoundProblems ?? [],
        ingestedAt,
        today,
      );
      return [{ table: fundingRounds, rows, rejected }];
    },
  };
}
