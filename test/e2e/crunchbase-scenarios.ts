/**
 * The acceptance scenarios of the crunchbase function (organizations and funding rounds on demand), written once and registered per
 * backend (functions/crunchbase/crunchbase.{duckdb,bigquery}.int.test.ts) through the REAL entry
 * point. Each takes the live handles of `useCrunchbaseE2e` and registers one `it`.
 */
import { expectedOrganizationRounds, expectedOrganizations, expectedSearchRounds } from '../../dev/replay-crunchbase';
import type { FundingRound } from '../../shared/schemas/organization';
import {
  ledgerRows,
  quarantined,
  rawPages,
  searchCursor,
  storedOrganizations,
  storedRounds,
  type CrunchbaseE2e,
} from './crunchbase-harness';

const byUuid = (rows: readonly FundingRound[]) =>
  [...rows].sort((a, b) => (a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0));
const byPermalink = <T extends { permalink: string }>(rows: readonly T[]) =>
  [...rows].sort((a, b) => a.permalink.localeCompare(b.permalink));

/** 400 for bad permalinks and for too many, naming them, before any request or write. */
export function badRequests(e2e: CrunchbaseE2e): void {
  it('answers 400 naming each bad permalink, and the limit when a call names too many', async () => {
    const { restore } = await e2e.setUp({ CRUNCHBASE_MAX_PERMALINKS_PER_CALL: '3' });
    try {
      const bad = await e2e.post({ permalinks: ['globex', 'Acme Corp', '../admin', ''] });
      expect(bad.status).toBe(400);
      expect(bad.json.problems.map((p: { path: string }) => p.path)).toEqual([
        'permalinks.1',
        'permalinks.2',
        'permalinks.3',
      ]);
      expect(bad.json.message).toContain('invalid permalink "Acme Corp" at 1');
      expect(bad.json.message).toContain('invalid permalink "../admin" at 2');
      const many = await e2e.post({ permalinks: ['a1', 'a2', 'a3', 'a4'] });
      expect(many).toMatchObject({
        status: 400,
        json: { message: 'permalinks: at most 3 permalinks per call, got 4' },
      });
      const typo = await e2e.post({ permalink: ['globex'] });
      expect(typo.status).toBe(400);
      expect(typo.json.problems.map((p: { path: string }) => p.path).sort()).toEqual(['', 'permalinks']);
      expect(e2e.replay.requests.count()).toBe(0);
    } finally {
      restore();
    }
  });
}

/**
 * Every organization with its card rounds, plus the recent-rounds search paged to the end; stored
 * rows equal the replay's, absent fields stay absent in raw/ and null in the warehouse; a rerun
 * adds 0 rows.
 */
export function fullRunAndRerun(e2e: CrunchbaseE2e, permalinks: readonly string[]): void {
  it(`looks up ${permalinks.length} organizations and pages the whole funding-round search; a rerun adds 0 rows`, async () => {
    const { backend, restore } = await e2e.setUp();
    try {
      const first = await e2e.post({ permalinks, includeRecentRounds: true, runId: 'cb-full-1' });
      expect(first.status).toBe(200);
      const orgs = expectedOrganizations(permalinks);
      const cardRounds = expectedOrganizationRounds(permalinks);
      const searchRounds = expectedSearchRounds('2023-01-01', e2e.replayOptions);
      expect(first.json).toMatchObject({
        status: 'succeeded',
        runId: 'cb-full-1',
        failedPermalinks: [],
        records: { in: orgs.length, valid: orgs.length, quarantined: 0 },
        mergedByTable: {
          organizations: { inserted: orgs.length, updated: 0 },
          funding_rounds: { inserted: cardRounds.length },
        },
        recentRounds: {
          status: 'succeeded',
          runId: 'cb-full-1-rounds',
          records: { in: searchRounds.length, valid: searchRounds.length, quarantined: 0 },
        },
      });
      expect(byPermalink(await storedOrganizations(backend))).toEqual(byPermalink(orgs));
      const allRounds = byUuid([...new Map([...cardRounds, ...searchRounds].map((r) => [r.uuid, r])).values()]);
      expect(await storedRounds(backend)).toEqual(allRounds);

      // Full paging: after_id is the previous page's last uuid until a page comes back short.
      const searches = e2e.replay.requests.all().filter((r) => r.path === '/api/v4/searches/funding_rounds');
      const pages = Math.floor(searchRounds.length / 2) + 1;
      expect(searches.map((r) => r.afterId ?? null)).toEqual(
        [null, ...searchRounds.filter((_, i) => i % 2 === 1).map((r) => r.uuid)].slice(0, pages),
      );
      const rawSearch = await rawPages(backend, 'raw/crunchbase-funding-rounds/');
      expect(rawSearch.map((r) => r.page.request.params.afterId)).toEqual(searches.map((r) => r.afterId ?? ''));
      expect(rawSearch.every((r) => r.page.source === 'crunchbase-funding-rounds' && r.page.status === 200)).toBe(true);

      // Absent stays absent: raw pages keep Crunchbase's omissions, rows hold null, never a guess.
      const raw = await rawPages(backend, 'raw/crunchbase/');
      expect(raw).toHaveLength(permalinks.length);
      const globex = raw.find((r) => r.page.request.params.permalink === 'globex')?.page;
      expect(globex).toMatchObject({
        source: 'crunchbase',
        status: 200,
        request: { method: 'GET', url: expect.stringContaining('/api/v4/entities/organizations/globex') },
      });
      expect(Object.keys(globex.body.properties)).not.toContain('founded_on');
      expect((await storedOrganizations(backend)).find((o) => o.permalink === 'globex')).toMatchObject({
        founded_on: null,
        num_employees_enum: null,
      });
      const undisclosed = allRounds.filter((r) => r.money_raised === null);
      expect(undisclosed.length).toBeGreaterThan(0);
      for (const r of undisclosed) expect(r).toMatchObject({ money_raised_currency: null, money_raised_usd: null });

      const [orgRun, roundsRun] = await ledgerRows(backend, ['cb-full-1', 'cb-full-1-rounds']);
      expect(orgRun).toMatchObject({
        pipeline: 'crunchbase',
        trigger: 'http',
        status: 'succeeded',
        records_in: orgs.length,
        records_valid: orgs.length,
        slices_failed: 0,
      });
      expect(roundsRun).toMatchObject({
        pipeline: 'crunchbase',
        status: 'succeeded',
        records_in: searchRounds.length,
        records_valid: searchRounds.length,
      });
      expect(await searchCursor(backend)).toEqual({
        announcedSince: expect.any(String),
        latestAnnouncedOn: searchRounds[0]!.announced_on,
      });

      const again = await e2e.post({ permalinks, includeRecentRounds: true, runId: 'cb-full-2' });
      expect(again.json).toMatchObject({
        status: 'succeeded',
        mergedByTable: { organizations: { inserted: 0, updated: orgs.length } },
        recentRounds: { status: 'succeeded', merged: { inserted: 0, updated: searchRounds.length } },
      });
      expect(again.json.mergedByTable.funding_rounds?.inserted ?? 0).toBe(0);
      expect(await storedOrganizations(backend)).toHaveLength(orgs.length);
      expect(await storedRounds(backend)).toHaveLength(allRounds.length);
    } finally {
      restore();
    }
  });
}

/** An unknown permalink fails only itself; the answer and the ledger name it; rejects are quarantined with reasons. */
export function partialBatch(e2e: CrunchbaseE2e): void {
  it('a batch with an unknown permalink lands the others and names the failed one, in the answer and the ledger', async () => {
    const { backend, restore } = await e2e.setUp();
    try {
      e2e.replay.faults.patchOrganization('initech', { website: { value: 'not a url' }, num_employees_enum: 'lots' });
      const run = await e2e.post({ permalinks: ['globex', 'no-such-company', 'initech'], runId: 'cb-partial' });
      expect(run.status).toBe(200);
      expect(run.json).toMatchObject({
        status: 'partial',
        slices: { total: 3, failed: 1, succeeded: 2 },
        records: { in: 3, valid: 1, quarantined: 2 },
      });
      expect(run.json.failedPermalinks).toEqual([
        {
          permalink: 'no-such-company',
          class: 'OrganizationNotFoundError',
          message: expect.stringContaining('Crunchbase has no organization "no-such-company"'),
          retriable: false,
        },
      ]);
      expect(run.json.recentRounds).toBeUndefined();
      expect(await storedOrganizations(backend)).toEqual(expectedOrganizations(['globex']));
      // The quarantined organization's card rounds are facts about rounds: they land.
      expect(await storedRounds(backend)).toEqual(byUuid(expectedOrganizationRounds(['globex', 'initech'])));
      const [ledger] = await ledgerRows(backend, ['cb-partial']);
      expect(ledger).toMatchObject({
        status: 'partial',
        slices_failed: 1,
        records_quarantined: 2,
        error_class: 'OrganizationNotFoundError',
        error_retriable: false,
      });
      expect(ledger!.error_message).toContain('no-such-company');

      const reasons = await quarantined(backend, 'quarantine/crunchbase/');
      const summary = reasons.map((q) => [
        q.record.permalink,
        q.issues.map((i: { path: string; code: string }) => `${i.path}:${i.code}`).sort(),
      ]);
      expect(summary.sort()).toEqual([
        ['initech', ['num_employees_enum:invalid_format', 'website:invalid_format']],
        ['no-such-company', ['permalink:not_found']],
      ]);
      for (const q of reasons)
        expect(q).toMatchObject({
          runId: 'cb-partial',
          source: 'crunchbase',
          rawKey: expect.stringMatching(/^raw\/crunchbase\/dt=/),
        });

      // Several unknown: the ledger's one error names each of them.
      const two = await e2e.post({ permalinks: ['ghost-one', 'globex', 'ghost-two'], runId: 'cb-ghosts' });
      expect(two.json.failedPermalinks.map((f: { permalink: string }) => f.permalink)).toEqual([
        'ghost-one',
        'ghost-two',
      ]);
      const [ghosts] = await ledgerRows(backend, ['cb-ghosts']);
      expect(ghosts).toMatchObject({ status: 'partial', slices_failed: 2 });
      expect(ghosts!.error_message).toMatch(/ghost-one.*ghost-two/);
      // ... and the failed slices are listed one by one, each with its own error.
      const failedSlices =
        typeof ghosts!.failed_slices === 'string' ? JSON.parse(ghosts!.failed_slices) : ghosts!.failed_slices;
      expect(
        failedSlices.map((f: { message: string; class: string }) => [
          f.class,
          /ghost-one/.test(f.message),
          /ghost-two/.test(f.message),
        ]),
      ).toEqual([
        ['OrganizationNotFoundError', true, false],
        ['OrganizationNotFoundError', false, true],
      ]);
      const [partialRun] = await ledgerRows(backend, ['cb-partial']);
      expect(
        typeof partialRun!.failed_slices === 'string'
          ? JSON.parse(partialRun!.failed_slices)
          : partialRun!.failed_slices,
      ).toHaveLength(1);
      // All unknown: a failed run, answered 200 because retrying cannot help.
      const none = await e2e.post({ permalinks: ['ghost-one'] });
      expect(none).toMatchObject({
        status: 200,
        json: { status: 'failed', error: { class: 'OrganizationNotFoundError', retriable: false } },
      });
    } finally {
      restore();
    }
  });
}
