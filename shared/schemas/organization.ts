import { z } from 'zod';

/**
 * Crunchbase data contracts: `Organization` (table `organizations`, MERGE on `uuid`) and
 * `FundingRound` (table `funding_rounds`, MERGE on `uuid`, partitioned by `announced_on`).
 * Crunchbase omits a field it has no value for (absent, never null); in these rows every such
 * field is `null`, and list fields are `[]`.
 */

/**
 * What we accept as a Crunchbase permalink (the last URL segment of crunchbase.com/organization/x):
 * lower-case letters, digits and dashes, starting with a letter or digit, at most 100 characters.
 */
export const PERMALINK_PATTERN = /^[a-z0-9][a-z0-9-]{0,99}$/;

/**
 * Crunchbase uuids are 8-4-4-4-12 hex but not always RFC 4122 (variant/version nibbles vary, e.g.
 * '2f6131ca-1a42-5894-6195-a55053fff7a1'), so `z.uuid()` would reject real ids; `z.guid()` does not.
 */
const cbUuid = z.guid();
const isoDate = z.iso.date();
const usd = z.number().finite().nonnegative();
const names = z.array(z.string().min(1).max(500)).max(1_000);

/**
 * One organization.
 *
 * - `uuid`, `permalink`, `name`: from `identifier` (`uuid`, `permalink`, `value`).
 * - `founded_on`: 'YYYY-MM-DD' as Crunchbase gives it; with precision 'year' it is YYYY-01-01.
 * - `num_employees_enum`: Crunchbase's band, e.g. 'c_00051_00100', 'c_10001_max'.
 * - `funding_total_usd`: `funding_total.value_usd`, US dollars.
 * - `last_funding_type`: e.g. 'seed', 'series_b'; `last_funding_at`: 'YYYY-MM-DD'.
 * - `categories`, `locations`: the `value` (display name) of each identifier, in Crunchbase's order
 *   (locations: city, region, country, continent).
 */
export const Organization = z.object({
  uuid: cbUuid,
  permalink: z.string().regex(PERMALINK_PATTERN, 'permalink must be lower-case letters, digits and dashes'),
  name: z.string().min(1).max(500),
  short_description: z.string().max(5_000).nullable(),
  founded_on: isoDate.nullable(),
  num_employees_enum: z
    .string()
    .regex(/^c_\d{5}_(\d{5}|max)$/, 'num_employees_enum must be a Crunchbase band like c_00051_00100')
    .nullable(),
  funding_total_usd: usd.nullable(),
  last_funding_type: z
    .string()
    .regex(/^[a-z0-9_]{1,100}$/)
    .nullable(),
  last_funding_at: isoDate.nullable(),
  categories: names,
  locations: names,
  website: z.url({ protocol: /^https?$/ }).nullable(),
});
export type Organization = z.infer<typeof Organization>;

/** The natural key of `organizations`. */
export const ORGANIZATION_KEYS = ['uuid'] as const satisfies readonly (keyof Organization)[];

/**
 * One funding round raised by an organization.
 *
 * - `organization_uuid`: the funded organization (`funded_organization_identifier.uuid`, or the
 *   organization whose card listed the round).
 * - `name`: e.g. 'Series B - Calendly'; null when absent.
 * - `announced_on`: 'YYYY-MM-DD' (the partition field).
 * - `investment_type`: e.g. 'seed', 'series_a', 'angel', 'convertible_note'.
 * - `money_raised` + `money_raised_currency`: the amount in its own currency (ISO 4217);
 *   `money_raised_usd`: in US dollars. All null when the amount is undisclosed (absent).
 * - `lead_investors`: names of the lead investors (possibly empty).
 * - `investor_count`: `num_investors`, else the number of investor identifiers listed, else 0.
 */
export const FundingRound = z.object({
  uuid: cbUuid,
  organization_uuid: cbUuid,
  name: z.string().min(1).max(500).nullable(),
  announced_on: isoDate,
  investment_type: z.string().regex(/^[a-z0-9_]{1,100}$/, 'investment_type must be a Crunchbase enum value'),
  money_raised: z.number().finite().nonnegative().nullable(),
  money_raised_currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .nullable(),
  money_raised_usd: usd.nullable(),
  lead_investors: names,
  investor_count: z.number().int().nonnegative(),
});
export type FundingRound = z.infer<typeof FundingRound>;

/** The natural key of `funding_rounds`. */
export const FUNDING_ROUND_KEYS = ['uuid'] as const satisfies readonly (keyof FundingRound)[];

/** Rows before validation: the contract's shape, values as normalisation could make them. */
export type OrganizationCandidate = { [K in keyof Organization]: unknown };
export type FundingRoundCandidate = { [K in keyof FundingRound]: unknown };
