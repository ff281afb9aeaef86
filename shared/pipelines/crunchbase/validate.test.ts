import { cardRounds, validateFundingRounds, validateOrganizations } from './validate';

const org = {
  uuid: '2f6131ca-1a42-5894-6195-a55053fff7a1',
  permalink: 'globex',
  name: 'Globex',
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
  uuid: '1f6131ca-1a42-5894-6195-a55053fff7a1',
  organization_uuid: org.uuid,
  name: 'Seed Round - Globex',
  announced_on: '2024-01-02',
  investment_type: 'seed',
  money_raised: null,
  money_raised_currency: null,
  money_raised_usd: null,
  lead_investors: [],
  investor_count: 0,
};

describe('crunchbase validation', () => {
  it('accepts absent fields as null and rejects contract breaks with zod reasons', () => {
    const verdict = validateOrganizations([org, { ...org, uuid: 'nope', website: 'ftp://x' }], '2024-06-01');
    expect(verdict.valid).toEqual([org]);
    expect(verdict.rejected.map((r) => [r.index, r.issues.map((i) => i.path).sort()])).toEqual([
      [1, ['uuid', 'website']],
    ]);
  });

  it('rejects dates after today and a uuid twice in one batch', () => {
    const verdict = validateFundingRounds(
      [round, { ...round, uuid: '3f6131ca-1a42-5894-6195-a55053fff7a1', announced_on: '2024-07-01' }, round],
      '2024-06-01',
    );
    expect(verdict.valid).toHaveLength(1);
    expect(verdict.rejected.map((r) => [r.index, r.issues.map((i) => i.code)])).toEqual([
      [1, ['future_date']],
      [2, ['duplicate_key']],
    ]);
  });

  it('turns card rounds into funding_rounds rows and rejects with paths', () => {
    const problem = {
      path: 'cards.raised_funding_rounds.1',
      record: {},
      issues: [{ path: 'uuid', code: 'invalid_type', message: 'x' }],
    };
    const out = cardRounds(
      [round, { ...round, uuid: '3f6131ca-1a42-5894-6195-a55053fff7a1', investment_type: 'Series A' }],
      [problem],
      '2024-06-01T00:00:00.000Z',
      '2024-06-01',
    );
    expect(out.rows).toEqual([{ ...round, ingested_at: '2024-06-01T00:00:00.000Z' }]);
    expect(out.rejected.map((r) => r.path)).toEqual(['cards.raised_funding_rounds.1', 'fundingRounds.1']);
  });
});
