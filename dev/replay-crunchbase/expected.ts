/** The exact rows a correct Crunchbase client + normalizer produces from the replay server. */
import type { FundingRound, Organization } from '../../shared/schemas/organization';
import { replayOrganizations, replayRoundsInSearchOrder, type CbReplayOptions } from './data';

type Json = Record<string, any>;

const names = (ids: Json[] | undefined): string[] => (ids ?? []).map((id) => id.value as string);

function roundRow(r: Json): FundingRound {
  return {
    uuid: r.uuid,
    organization_uuid: r.funded_organization_identifier.uuid,
    name: r.identifier.value,
    announced_on: r.announced_on,
    investment_type: r.investment_type,
    money_raised: r.money_raised?.value ?? null,
    money_raised_currency: r.money_raised?.currency ?? null,
    money_raised_usd: r.money_raised?.value_usd ?? null,
    lead_investors: names(r.lead_investor_identifiers),
    investor_count: r.num_investors,
  };
}

/** The organizations of `permalinks` that exist (unknown ones are skipped), in that order. */
export function expectedOrganizations(permalinks: readonly string[], options: CbReplayOptions = {}): Organization[] {
  const orgs = new Map(replayOrganizations(options).map((o) => [o.permalink, o]));
  return permalinks.flatMap((permalink) => {
    const org = orgs.get(permalink);
    if (org === undefined) return [];
    const p = org.properties as Json;
    return [
      {
        uuid: p.identifier.uuid,
        permalink: p.identifier.permalink,
        name: p.identifier.value,
        short_description: p.short_description ?? null,
        founded_on: p.founded_on?.value ?? null,
        num_employees_enum: p.num_employees_enum ?? null,
        funding_total_usd: p.funding_total?.value_usd ?? null,
        last_funding_type: p.last_funding_type ?? null,
        last_funding_at: p.last_funding_at ?? null,
        categories: names(p.categories),
        locations: names(p.location_identifiers),
        website: p.website?.value ?? null,
      },
    ];
  });
}

/** The rounds on the cards of `permalinks` (existing ones), in card order. */
export function expectedOrganizationRounds(
  permalinks: readonly string[],
  options: CbReplayOptions = {},
): FundingRound[] {
  const orgs = new Map(replayOrganizations(options).map((o) => [o.permalink, o]));
  return permalinks.flatMap((permalink) => (orgs.get(permalink)?.rounds ?? []).map(roundRow));
}

/** The rounds a search from `announcedSince` returns, in search order (announced_on desc). */
export function expectedSearchRounds(announcedSince: string, options: CbReplayOptions = {}): FundingRound[] {
  return replayRoundsInSearchOrder(options)
    .filter((r) => (r.announced_on as string) >= announcedSince)
    .map(roundRow);
}
