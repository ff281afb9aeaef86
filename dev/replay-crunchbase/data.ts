/**
 * The deterministic organizations and funding rounds the Crunchbase replay server serves: a pure
 * function of the seed and permalinks, so the server and expected.ts agree. Fields Crunchbase has
 * no value for are ABSENT (never null), in fixed patterns: org i%3==1 lacks founded_on and
 * num_employees_enum; i%4==2 lacks funding_total, last_funding_* and website; i%5==4 lacks
 * short_description, categories and location_identifiers. Round k of org i lacks money_raised
 * when (i+k)%3==2 and lead_investor_identifiers when (i+k)%4==3.
 */

export const DEFAULT_PERMALINKS = [
  'acme-robotics',
  'globex',
  'initech',
  'umbrella-labs',
  'hooli',
  'stark-industries',
] as const;

export interface CbReplayOptions {
  seed?: number | string;
  /** Organizations that exist; any other permalink answers 404. */
  permalinks?: readonly string[];
}

type Json = Record<string, unknown>;

export interface CbReplayOrganization {
  permalink: string;
  properties: Json;
  rounds: Json[];
}

const TYPES = ['seed', 'series_a', 'series_b', 'series_c'] as const;
const CATEGORIES = ['Artificial Intelligence', 'Robotics', 'SaaS', 'FinTech', 'Health Care', 'E-Commerce'];
const CITIES = [
  ['San Francisco', 'California', 'United States', 'North America'],
  ['Berlin', 'Berlin', 'Germany', 'Europe'],
  ['Atlanta', 'Georgia', 'United States', 'North America'],
];
const INVESTORS = ['Sequoia Capital', 'Accel', 'Index Ventures', 'Y Combinator', 'Atlanta Ventures', 'OpenView'];
const BANDS = ['c_00001_00010', 'c_00011_00050', 'c_00051_00100', 'c_00101_00250', 'c_10001_max'];

/** Deterministic 8-4-4-4-12 hex id (not RFC-variant, like many real Crunchbase uuids). */
export function cbUuid(seed: number | string, label: string): string {
  let a = 0x811c9dc5;
  let b = 0x9e3779b9;
  for (const ch of `${seed}|${label}`) {
    a = Math.imul(a ^ ch.charCodeAt(0), 0x01000193);
    b = Math.imul(b ^ ch.charCodeAt(0), 0x5bd1e995);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  const h = hex(a) + hex(b) + hex(a ^ b) + hex(Math.imul(a, b) ^ 0x6195);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const titleOf = (permalink: string) =>
  permalink
    .split('-')
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join(' ');
const ident = (uuid: string, value: string, permalink: string, entity: string, extra: Json = {}) => ({
  uuid,
  value,
  permalink,
  entity_def_id: entity,
  ...extra,
});
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Every organization the server knows, in `permalinks` order. */
export function replayOrganizations(options: CbReplayOptions = {}): CbReplayOrganization[] {
  const seed = options.seed ?? 1;
  return (options.permalinks ?? DEFAULT_PERMALINKS).map((permalink, i) => {
    const uuid = cbUuid(seed, `org-${permalink}`);
    const name = titleOf(permalink);
    const orgId = ident(uuid, name, permalink, 'organization');
    const rounds: Json[] = [];
    for (let k = 0; k < i % 4; k++) {
      const type = TYPES[k] as string;
      const roundUuid = cbUuid(seed, `round-${permalink}-${k}`);
      const roundName = `${titleOf(type.replace('_', '-'))} Round - ${name}`;
      const usd = (k + 1) * 1_500_000 + i * 250_000;
      const eur = i % 2 === 1;
      const round: Json = {
        uuid: roundUuid,
        identifier: ident(
          roundUuid,
          roundName,
          `${permalink}-${type.replace('_', '-')}--${roundUuid.slice(0, 8)}`,
          'funding_round',
        ),
        announced_on: addDays('2024-06-01', -((2 - k) * 120 + i * 9)),
        investment_type: type,
        num_investors: k + 1 + (i % 2),
        funded_organization_identifier: { role: 'investee', ...orgId },
      };
      if ((i + k) % 3 !== 2)
        round.money_raised = {
          value: eur ? Math.round(usd / 1.08) : usd,
          currency: eur ? 'EUR' : 'USD',
          value_usd: usd,
        };
      if ((i + k) % 4 !== 3) {
        const investor = INVESTORS[(i + k) % INVESTORS.length] as string;
        const slug = investor.toLowerCase().replace(/\s+/g, '-');
        round.lead_investor_identifiers = [ident(cbUuid(seed, `inv-${slug}`), investor, slug, 'organization')];
      }
      rounds.push(round);
    }
    const city = CITIES[i % CITIES.length] as string[];
    const properties: Json = { identifier: orgId };
    if (i % 5 !== 4) {
      properties.short_description = `${name} builds tools for ${CATEGORIES[i % CATEGORIES.length]?.toLowerCase()}.`;
      properties.categories = [CATEGORIES[i % CATEGORIES.length], CATEGORIES[(i + 2) % CATEGORIES.length]].map((c) =>
        ident(cbUuid(seed, `cat-${c}`), c as string, (c as string).toLowerCase().replace(/\s+/g, '-'), 'category'),
      );
      properties.location_identifiers = city.map((place, n) =>
        ident(cbUuid(seed, `loc-${place}-${n}`), place, place.toLowerCase().replace(/\s+/g, '-'), 'location', {
          location_type: ['city', 'region', 'country', 'continent'][n],
        }),
      );
    }
    if (i % 3 !== 1) {
      properties.founded_on = { value: `${2010 + i}-01-01`, precision: 'year' };
      properties.num_employees_enum = BANDS[i % BANDS.length];
    }
    if (i % 4 !== 2) {
      properties.website = { value: `https://www.${permalink.replace(/-/g, '')}.example` };
      if (rounds.length > 0) {
        const total = rounds.reduce(
          (sum, r) => sum + (((r.money_raised as Json | undefined)?.value_usd as number | undefined) ?? 0),
          0,
        );
        properties.funding_total = { value: total, currency: 'USD', value_usd: total };
        const newest = rounds[rounds.length - 1] as Json;
        properties.last_funding_type = newest.investment_type;
        properties.last_funding_at = newest.announced_on;
      }
    }
    return { permalink, properties, rounds };
  });
}

/** Every round of every organization, newest first (announced_on desc, then uuid asc): search order. */
export function replayRoundsInSearchOrder(options: CbReplayOptions = {}): Json[] {
  return replayOrganizations(options)
    .flatMap((org) => org.rounds)
    .sort(
      (a, b) =>
        (b.announced_on as string).localeCompare(a.announced_on as string) ||
        (a.uuid as string).localeCompare(b.uuid as string),
    );
}
