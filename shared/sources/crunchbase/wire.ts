/**
 * The documented shapes of Crunchbase API v4 answers we read, permissive where Crunchbase is:
 * a field without a value is ABSENT (never null), so every property is optional; identifiers are
 * `{ uuid, value, permalink, entity_def_id, image_id? }`; money is `{ value, currency, value_usd }`;
 * `founded_on` is `{ value: 'YYYY-MM-DD', precision: 'day' | 'month' | 'year' }` while card and
 * search dates (`announced_on`, `last_funding_at`) are plain 'YYYY-MM-DD' strings (both accepted).
 * Shapes checked against recorded answers of the v4 API (ekohe/crunchbase4 VCR cassettes).
 */
import { z } from 'zod';

export const CbIdentifierWire = z.looseObject({
  uuid: z.string(),
  value: z.string().optional(),
  permalink: z.string().optional(),
  entity_def_id: z.string().optional(),
  image_id: z.string().optional(),
});
export type CbIdentifierWire = z.infer<typeof CbIdentifierWire>;

export const CbMoneyWire = z.looseObject({
  value: z.number().optional(),
  currency: z.string().optional(),
  value_usd: z.number().optional(),
});
export type CbMoneyWire = z.infer<typeof CbMoneyWire>;

/** A date as a plain string, or a `{ value, precision }` object. */
export const CbDateWire = z.union([z.string(), z.looseObject({ value: z.string(), precision: z.string().optional() })]);
export type CbDateWire = z.infer<typeof CbDateWire>;

/** One funding round, as a `raised_funding_rounds` card item or a search entity's `properties`. */
export const CbFundingRoundWire = z.looseObject({
  uuid: z.string().optional(),
  identifier: CbIdentifierWire.optional(),
  announced_on: CbDateWire.optional(),
  investment_type: z.string().optional(),
  money_raised: CbMoneyWire.optional(),
  num_investors: z.number().optional(),
  lead_investor_identifiers: z.array(CbIdentifierWire).optional(),
  investor_identifiers: z.array(CbIdentifierWire).optional(),
  funded_organization_identifier: CbIdentifierWire.optional(),
});
export type CbFundingRoundWire = z.infer<typeof CbFundingRoundWire>;

/** `properties` of an organization for the field_ids of pages.ts. */
export const CbOrganizationPropertiesWire = z.looseObject({
  identifier: CbIdentifierWire,
  short_description: z.string().optional(),
  founded_on: CbDateWire.optional(),
  num_employees_enum: z.string().optional(),
  funding_total: CbMoneyWire.optional(),
  last_funding_type: z.string().optional(),
  last_funding_at: CbDateWire.optional(),
  categories: z.array(CbIdentifierWire).optional(),
  location_identifiers: z.array(CbIdentifierWire).optional(),
  website: z.looseObject({ value: z.string().optional() }).optional(),
});
export type CbOrganizationPropertiesWire = z.infer<typeof CbOrganizationPropertiesWire>;

/** `GET /api/v4/entities/organizations/{permalink}` answer (200). Card items stay unknown: checked one by one. */
export const CbOrganizationEntityWire = z.looseObject({
  properties: CbOrganizationPropertiesWire,
  cards: z.looseObject({ raised_funding_rounds: z.array(z.unknown()).optional() }).optional(),
});
export type CbOrganizationEntityWire = z.infer<typeof CbOrganizationEntityWire>;

/**
 * Crunchbase's error answer: a list of `{ code, message }` (e.g. for 400 and 404). Accepted also
 * as a single object, since some gateways answer `{ message }` / `{ error }`.
 */
export const CbErrorWire = z.union([
  z.array(z.looseObject({ code: z.string().optional(), message: z.string().optional() })),
  z.looseObject({ code: z.string().optional(), message: z.string().optional(), error: z.string().optional() }),
]);
export type CbErrorWire = z.infer<typeof CbErrorWire>;

/** One organization page: the entity (status 200) or the error body of a 404 (see pages.ts). */
export const CbOrganizationPageWire = z.union([CbOrganizationEntityWire, CbErrorWire]);
export type CbOrganizationPageWire = z.infer<typeof CbOrganizationPageWire>;

/** `POST /api/v4/searches/funding_rounds` answer: `count` of all matches and one page of `entities`. */
export const CbFundingRoundSearchWire = z.looseObject({
  count: z.number(),
  entities: z.array(z.looseObject({ uuid: z.string(), properties: z.unknown() })),
});
export type CbFundingRoundSearchWire = z.infer<typeof CbFundingRoundSearchWire>;
