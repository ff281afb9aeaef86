/** Crunchbase v4 answers -> `Organization` and `FundingRound` candidates. Pure: no I/O, no clock. */
import type { FundingRoundCandidate, OrganizationCandidate } from '../../schemas/organization';
import { toIssues } from '../../schemas/quarantine';
import type { Normalized, RawPage, RecordProblem } from '../types';
import {
  CbFundingRoundWire,
  CbOrganizationEntityWire,
  type CbDateWire,
  type CbFundingRoundSearchWire,
  type CbIdentifierWire,
  type CbOrganizationPageWire,
  type CbOrganizationPropertiesWire,
} from './wire';

/** An organization Crunchbase does not know (404): terminal for it alone. */
export interface CbNotFound {
  permalink: string;
  status: number;
  /** Crunchbase's own words (its error body), for the answer and the ledger. */
  message: string;
}

/**
 * One organization page mapped: `rows` holds the organization (0 or 1), `fundingRounds` the rounds
 * of its `raised_funding_rounds` card, `notFound` the permalink when Crunchbase answered 404 (then
 * the same fact is also a `problems` entry with code `not_found`, so the run loop quarantines and
 * counts it like any rejected record).
 */
export interface CbOrganizationNormalized extends Normalized<OrganizationCandidate> {
  fundingRounds: FundingRoundCandidate[];
  /** Card items without a funding round's shape ('cards.raised_funding_rounds.<i>'). */
  fundingRoundProblems: RecordProblem[];
  notFound: CbNotFound[];
}

const dateOf = (date: CbDateWire | undefined): string | null =>
  date === undefined ? null : typeof date === 'string' ? date : date.value;
const namesOf = (ids: readonly CbIdentifierWire[] | undefined): string[] =>
  (ids ?? []).map((id) => id.value).filter((v): v is string => typeof v === 'string' && v !== '');

/** Properties to a candidate row: every absent field becomes null, lists []. */
export function organizationToRow(props: CbOrganizationPropertiesWire): OrganizationCandidate {
  return {
    uuid: props.identifier.uuid,
    permalink: props.identifier.permalink,
    name: props.identifier.value,
    short_description: props.short_description ?? null,
    founded_on: dateOf(props.founded_on),
    num_employees_enum: props.num_employees_enum ?? null,
    funding_total_usd: props.funding_total?.value_usd ?? null,
    last_funding_type: props.last_funding_type ?? null,
    last_funding_at: dateOf(props.last_funding_at),
    categories: namesOf(props.categories),
    locations: namesOf(props.location_identifiers),
    website: props.website?.value ?? null,
  };
}

/** A round to a candidate row; `organizationUuid` stands in when the round does not name its organization. */
export function fundingRoundToRow(round: CbFundingRoundWire, organizationUuid?: string): FundingRoundCandidate {
  const money = round.money_raised;
  return {
    uuid: round.uuid ?? round.identifier?.uuid,
    organization_uuid: round.funded_organization_identifier?.uuid ?? organizationUuid,
    name: round.identifier?.value ?? null,
    announced_on: dateOf(round.announced_on) ?? undefined,
    investment_type: round.investment_type,
    money_raised: money?.value ?? null,
    money_raised_currency: money?.currency ?? null,
    money_raised_usd: money?.value_usd ?? null,
    lead_investors: namesOf(round.lead_investor_identifiers),
    investor_count:
      round.num_investors ?? round.investor_identifiers?.length ?? round.lead_investor_identifiers?.length ?? 0,
  };
}

function errorText(wire: unknown): string {
  const items = Array.isArray(wire) ? wire : [wire];
  const parts = items.map((item) => {
    const { code, message, error } = (item ?? {}) as { code?: unknown; message?: unknown; error?: unknown };
    return [code, message ?? error].filter((p) => typeof p === 'string').join(': ');
  });
  return parts.filter((p) => p !== '').join('; ') || 'not found';
}

/** Maps one organization page (`page.request.params.permalink` names what was asked). */
export function normalizeCrunchbaseOrganization(
  wire: CbOrganizationPageWire,
  page: Pick<RawPage, 'status' | 'request'>,
): CbOrganizationNormalized {
  const out: CbOrganizationNormalized = {
    rows: [],
    problems: [],
    skipped: {},
    fundingRounds: [],
    fundingRoundProblems: [],
    notFound: [],
  };
  const permalink = page.request.params.permalink ?? '';
  const entity = page.status === 200 ? CbOrganizationEntityWire.safeParse(wire) : undefined;
  if (entity === undefined || !entity.success) {
    const message =
      page.status === 404
        ? `Crunchbase has no organization "${permalink}" (${errorText(wire)})`
        : `Crunchbase answered ${page.status}: ${errorText(wire)}`;
    out.notFound.push({ permalink, status: page.status, message });
    out.problems.push({
      path: '',
      record: { permalink, status: page.status, body: wire },
      issues: [{ path: 'permalink', code: page.status === 404 ? 'not_found' : 'not_an_organization', message }],
    });
    return out;
  }
  const row = organizationToRow(entity.data.properties);
  out.rows.push(row);
  (entity.data.cards?.raised_funding_rounds ?? []).forEach((item, i) => {
    const parsed = CbFundingRoundWire.safeParse(item);
    if (parsed.success) out.fundingRounds.push(fundingRoundToRow(parsed.data, entity.data.properties.identifier.uuid));
    else
      out.fundingRoundProblems.push({
        path: `cards.raised_funding_rounds.${i}`,
        record: item,
        issues: toIssues(parsed.error),
      });
  });
  return out;
}

/** Maps one search page; an entity without a round's shape becomes a `problems` entry ('entities.<i>'). */
export function normalizeCrunchbaseFundingRounds(
  wire: CbFundingRoundSearchWire,
  _page?: RawPage,
): Normalized<FundingRoundCandidate> {
  const out: Normalized<FundingRoundCandidate> = { rows: [], problems: [], skipped: {} };
  wire.entities.forEach((entity, i) => {
    const parsed = CbFundingRoundWire.safeParse(entity.properties);
    if (parsed.success) out.rows.push(fundingRoundToRow({ ...parsed.data, uuid: parsed.data.uuid ?? entity.uuid }));
    else out.problems.push({ path: `entities.${i}`, record: entity, issues: toIssues(parsed.error) });
  });
  return out;
}
