import { FundingRound, Organization, PERMALINK_PATTERN } from './organization';

const org = {
  uuid: '2f6131ca-1a42-5894-6195-a55053fff7a1',
  permalink: 'calendly',
  name: 'Calendly',
  short_description: null,
  founded_on: null,
  num_employees_enum: null,
  funding_total_usd: null,
  last_funding_type: null,
  last_funding_at: null,
  categories: [],
  locations: [],
  website: null,
};

const round = {
  uuid: '67403774-2c42-4a6b-9961-229486248b25',
  organization_uuid: org.uuid,
  name: 'Series B - Calendly',
  announced_on: '2021-01-26',
  investment_type: 'series_b',
  money_raised: null,
  money_raised_currency: null,
  money_raised_usd: null,
  lead_investors: [],
  investor_count: 2,
};

describe('Organization', () => {
  it('accepts a real (non-RFC-variant) Crunchbase uuid and nulls for absent fields', () => {
    expect(Organization.safeParse(org).error).toBeUndefined();
  });

  it.each([
    ['uuid', 'not-a-uuid'],
    ['permalink', 'Calendly'],
    ['founded_on', '2013'],
    ['num_employees_enum', '51-100'],
    ['funding_total_usd', -5],
    ['website', 'calendly.com'],
    ['short_description', undefined],
  ])('rejects %s = %p', (field, value) => {
    expect(Organization.safeParse({ ...org, [field]: value }).success).toBe(false);
  });

  it('takes filled values', () => {
    const full = {
      ...org,
      founded_on: '2013-01-01',
      num_employees_enum: 'c_10001_max',
      funding_total_usd: 350550000,
      last_funding_type: 'series_b',
      last_funding_at: '2021-01-26',
      categories: ['Scheduling'],
      locations: ['Atlanta'],
      website: 'https://calendly.com',
    };
    expect(Organization.safeParse(full).error).toBeUndefined();
    expect(PERMALINK_PATTERN.test('tesla-motors')).toBe(true);
  });
});

describe('FundingRound', () => {
  it('accepts an undisclosed amount as nulls', () => {
    expect(FundingRound.safeParse(round).error).toBeUndefined();
  });

  it.each([
    ['announced_on', undefined],
    ['investment_type', 'Series B'],
    ['money_raised_currency', 'usd'],
    ['investor_count', -1],
    ['organization_uuid', undefined],
  ])('rejects %s = %p', (field, value) => {
    expect(FundingRound.safeParse({ ...round, [field]: value }).success).toBe(false);
  });
});
