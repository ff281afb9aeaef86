/**
 * The Crunchbase sources against the real replay server through the real shared/http client:
 * lookups with absent fields, an unknown permalink that fails alone, after_id paging, 429 retries,
 * and that the key never leaks.
 */
import {
  expectedOrganizationRounds,
  expectedOrganizations,
  expectedSearchRounds,
  startCrunchbaseReplayServer,
  type CrunchbaseReplayServer,
} from '../../../dev/replay-crunchbase';
import { Secret } from '../../config/secret';
import { AuthError } from '../../errors';
import { createSilentLogger } from '../../log/logger';
import { FundingRound, Organization } from '../../schemas/organization';
import type { RawPage, Source, SourceContext } from '../types';
import {
  createCrunchbaseFundingRoundsSource,
  createCrunchbaseHttp,
  createCrunchbaseOrganizationsSource,
  type CrunchbaseSourceConfig,
} from './index';

const PLANTED = 'planted-cb-key-41d2e8b0';
const NOW = new Date('2024-06-15T08:00:00.000Z');
let server: CrunchbaseReplayServer;

beforeEach(async () => {
  server = await startCrunchbaseReplayServer({ seed: 3, apiKey: PLANTED });
});
afterEach(() => server.stop());

function context(
  config: Partial<CrunchbaseSourceConfig> = {},
  key = PLANTED,
  maxRetries = 0,
): SourceContext<CrunchbaseSourceConfig> {
  const http = createCrunchbaseHttp({
    baseUrl: server.baseUrl,
    timeoutMs: 5_000,
    maxRetries,
    sleep: async () => {},
    rateLimit: { requestsPerInterval: 1_000, intervalMs: 1_000 },
  });
  return {
    http,
    log: createSilentLogger(),
    now: () => NOW,
    config: { apiKey: new Secret(key), pageSize: 2, ...config },
  };
}

async function drain(pages: AsyncIterable<RawPage>): Promise<{ pages: RawPage[]; error: unknown }> {
  const out: RawPage[] = [];
  try {
    for await (const page of pages) out.push(page);
    return { pages: out, error: undefined };
  } catch (error) {
    return { pages: out, error };
  }
}

describe('Crunchbase organizations source', () => {
  const source = createCrunchbaseOrganizationsSource();
  // Type-level: the factory's result is a Source the run loop accepts.
  const asSource: Source<unknown, unknown, unknown, CrunchbaseSourceConfig> = source as unknown as Source<
    unknown,
    unknown,
    unknown,
    CrunchbaseSourceConfig
  >;

  it('looks organizations up with their rounds; absent fields become null, and rows pass the contracts', async () => {
    const permalinks = ['acme-robotics', 'globex', 'initech', 'umbrella-labs', 'hooli', 'stark-industries'];
    const { pages, error } = await drain(source.pages({ permalinks }, context()));
    expect(error).toBeUndefined();
    expect(asSource.name).toBe('crunchbase');
    const normalized = pages.map((page) => source.normalize(source.wire.parse(page.body), page));
    const rows = normalized.flatMap((n) => n.rows);
    const rounds = normalized.flatMap((n) => n.fundingRounds);
    expect(rows).toEqual(expectedOrganizations(permalinks, { seed: 3 }));
    expect(rounds).toEqual(expectedOrganizationRounds(permalinks, { seed: 3 }));
    expect(rounds.length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.founded_on === null && r.num_employees_enum === null)).toHaveLength(2);
    expect(rows.filter((r) => r.funding_total_usd === null && r.website === null).length).toBeGreaterThan(0);
    expect(rows.filter((r) => r.short_description === null && (r.categories as string[]).length === 0)).toHaveLength(1);
    expect(rounds.some((r) => r.money_raised_usd === null && r.money_raised_currency === null)).toBe(true);
    expect(rounds.some((r) => (r.lead_investors as string[]).length === 0)).toBe(true);
    for (const row of rows) expect(Organization.safeParse(row).error).toBeUndefined();
    for (const round of rounds) expect(FundingRound.safeParse(round).error).toBeUndefined();
    const query = server.requests.all()[0];
    expect(query).toMatchObject({ method: 'GET', path: '/api/v4/entities/organizations/acme-robotics', status: 200 });
    expect(pages[0]?.request.url).toContain('card_ids=raised_funding_rounds');
  });

  it('reports an unknown permalink without failing the others', async () => {
    const permalinks = ['globex', 'no-such-company', 'initech'];
    const { pages, error } = await drain(source.pages({ permalinks }, context()));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.status)).toEqual([200, 404, 200]);
    const normalized = pages.map((page) => source.normalize(source.wire.parse(page.body), page));
    expect(normalized.flatMap((n) => n.rows)).toEqual(expectedOrganizations(['globex', 'initech'], { seed: 3 }));
    const notFound = normalized.flatMap((n) => n.notFound);
    expect(notFound).toEqual([
      { permalink: 'no-such-company', status: 404, message: expect.stringContaining('no-such-company') },
    ]);
    expect(normalized[1]?.problems).toEqual([
      expect.objectContaining({ issues: [expect.objectContaining({ code: 'not_found', path: 'permalink' })] }),
    ]);
    expect(
      source.nextCursor(
        { permalinks },
        normalized.flatMap((n) => n.rows),
      ),
    ).toEqual({ permalinks: ['no-such-company'] });
  });

  it('retries a 429 (Retry-After) and then answers', async () => {
    server.faults.rateLimit({ times: 2, retryAfterS: 1 });
    const { pages, error } = await drain(source.pages({ permalinks: ['globex'] }, context({}, PLANTED, 3)));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(server.requests.all().map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('refuses bad permalinks before any request, naming them', async () => {
    const { error } = await drain(source.pages({ permalinks: ['globex', 'Bad Name', '-dash'] }, context()));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as Error).message).toContain('"Bad Name"');
    expect((error as Error).message).toContain('"-dash"');
    expect(server.requests.count()).toBe(0);
  });

  it('never lets the key into a RawPage, URL, request log or error', async () => {
    const ok = await drain(source.pages({ permalinks: ['globex', 'no-such-company'] }, context()));
    const bad = await drain(source.pages({ permalinks: ['globex'] }, context({}, `${PLANTED}-wrong`)));
    expect(bad.error).toBeInstanceOf(AuthError);
    const authError = bad.error as AuthError;
    const seen = JSON.stringify({
      pages: ok.pages,
      requests: server.requests.all(),
      errors: [authError.message, authError.context],
    });
    expect(seen).not.toContain('planted-cb-key');
    expect(seen).toContain('no-such-company');
  });
});

describe('Crunchbase funding rounds source', () => {
  const source = createCrunchbaseFundingRoundsSource();

  it('pages with after_id until a short page, newest first, exactly once each', async () => {
    const announcedSince = '2023-06-01';
    const expected = expectedSearchRounds(announcedSince, { seed: 3 });
    expect(expected.length).toBeGreaterThan(4);
    const { pages, error } = await drain(source.pages({ announcedSince }, context({ pageSize: 2 })));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(Math.floor(expected.length / 2) + 1);
    const rows = pages.flatMap((page) => source.normalize(source.wire.parse(page.body), page).rows);
    expect(rows).toEqual(expected);
    for (const row of rows) expect(FundingRound.safeParse(row).error).toBeUndefined();
    const afterIds = server.requests.all().map((r) => r.afterId ?? null);
    expect(afterIds[0]).toBeNull();
    expect(afterIds.slice(1)).toEqual(
      rows
        .filter((_, i) => i % 2 === 1)
        .map((r) => r.uuid)
        .slice(0, afterIds.length - 1),
    );
    expect(source.nextCursor({ announcedSince }, rows)).toEqual({
      announcedSince,
      latestAnnouncedOn: expected[0]?.announced_on,
    });
  });

  it('resumes after a given after_id', async () => {
    const expected = expectedSearchRounds('2023-06-01', { seed: 3 });
    const afterId = expected[2]?.uuid as string;
    const { pages } = await drain(source.pages({ announcedSince: '2023-06-01', afterId }, context({ pageSize: 100 })));
    expect(pages.flatMap((page) => source.normalize(source.wire.parse(page.body), page).rows)).toEqual(
      expected.slice(3),
    );
  });
});
