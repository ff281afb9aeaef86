/**
 * Crunchbase function scenarios about limits and secrets: 429s retried as Retry-After asks, a
 * search stopped by the rate limit resuming from its cursor, a missing key refused, the key never
 * written to the lake, the ledger or the logs.
 */
import { expectedOrganizations, expectedSearchRounds } from '../../dev/replay-crunchbase';
import {
  lakeTexts,
  ledgerRows,
  searchCursor,
  storedOrganizations,
  storedRounds,
  withWarehouse,
  type CrunchbaseE2e,
} from './crunchbase-harness';

/** A 429 on an organization is retried after Retry-After; the run still succeeds. */
export function rateLimitRetried(e2e: CrunchbaseE2e): void {
  it('retries 429s from the 200 calls/minute limit, waiting as Retry-After asks', async () => {
    const { backend, restore } = await e2e.setUp();
    try {
      e2e.replay.faults.rateLimit({ match: '/organizations/globex', times: 2, retryAfterS: 1 });
      const run = await e2e.post({ permalinks: ['globex', 'initech'] });
      expect(run.json).toMatchObject({ status: 'succeeded', failedPermalinks: [] });
      const globex = e2e.replay.requests.all().filter((r) => r.permalink === 'globex');
      expect(globex.map((r) => r.status)).toEqual([429, 429, 200]);
      for (let i = 1; i < globex.length; i++)
        expect(globex[i]!.atMs - globex[i - 1]!.atMs).toBeGreaterThanOrEqual(1000);
      expect(await storedOrganizations(backend)).toEqual(expectedOrganizations(['globex', 'initech']));
    } finally {
      restore();
    }
  });
}

/** A search stopped part way (429 past the retries) stores its place; the next run resumes there. */
export function searchResumes(e2e: CrunchbaseE2e): void {
  it('resumes a funding-round search from its cursor after a rate-limit stop', async () => {
    const { backend, restore } = await e2e.setUp({ HTTP_MAX_RETRIES: '0' });
    try {
      const all = expectedSearchRounds('2023-01-01', e2e.replayOptions);
      e2e.replay.faults.rateLimit({ match: '/searches/', after: 1, times: 1 });
      const stopped = await e2e.post({ permalinks: ['acme-robotics'], includeRecentRounds: true, runId: 'cb-stop' });
      // The organization landed; the search stopped part way after landing a page and storing
      // its resume point: a partial run (200), which the next call continues.
      expect(stopped.status).toBe(200);
      expect(stopped.json).toMatchObject({
        status: 'succeeded',
        recentRounds: {
          status: 'partial',
          records: { in: 2, valid: 2 },
          error: { class: 'HttpError', retriable: true },
        },
      });
      expect(await searchCursor(backend)).toMatchObject({ afterId: all[1]!.uuid });
      const [ledger] = await ledgerRows(backend, ['cb-stop-rounds']);
      expect(ledger).toMatchObject({ status: 'partial', error_class: 'HttpError', error_retriable: true });

      e2e.replay.requests.clear();
      const resumed = await e2e.post({ permalinks: ['acme-robotics'], includeRecentRounds: true, runId: 'cb-resume' });
      expect(resumed.json).toMatchObject({
        status: 'succeeded',
        recentRounds: { status: 'succeeded', records: { in: all.length - 2 } },
      });
      const searches = e2e.replay.requests.all().filter((r) => r.path === '/api/v4/searches/funding_rounds');
      expect(searches[0]!.afterId).toBe(all[1]!.uuid);
      expect((await storedRounds(backend)).map((r) => r.uuid).sort()).toEqual(all.map((r) => r.uuid).sort());
      const cursor = await searchCursor(backend);
      expect(cursor).not.toHaveProperty('afterId');
      expect(cursor).toMatchObject({ latestAnnouncedOn: all[0]!.announced_on });
    } finally {
      restore();
    }
  });
}

/** No key: a clear ConfigError before any request. With a key: it never reaches lake, ledger or logs. */
export function keyHandling(e2e: CrunchbaseE2e): void {
  it('refuses to run without CRUNCHBASE_API_KEY, naming it', async () => {
    const { restore } = await e2e.setUp({ CRUNCHBASE_API_KEY: '' });
    try {
      const answer = await e2e.post({ permalinks: ['globex'] });
      expect(answer.status).toBe(500);
      expect(answer.json).toMatchObject({
        status: 'failed',
        error: { class: 'ConfigError', message: expect.stringContaining('CRUNCHBASE_API_KEY'), retriable: false },
      });
      expect(e2e.replay.requests.count()).toBe(0);
    } finally {
      restore();
    }
  });

  it('never writes the API key to the lake, the warehouse or the logs', async () => {
    const { backend, restore } = await e2e.setUp({ LOG_LEVEL: 'debug' });
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
    try {
      e2e.replay.faults.rateLimit({ match: '/organizations/globex', times: 1, retryAfterS: 1 });
      const run = await e2e.post({
        permalinks: ['globex', 'no-such-company'],
        includeRecentRounds: true,
        runId: 'cb-secret',
      });
      expect(run.json).toMatchObject({ status: 'partial', recentRounds: { status: 'succeeded' } });
      const key = e2e.replay.apiKey;
      const texts = await lakeTexts(backend);
      expect(texts.some((t) => t.key.startsWith('raw/crunchbase/'))).toBe(true);
      expect(texts.some((t) => t.key.startsWith('quarantine/crunchbase/'))).toBe(true);
      expect(texts.filter((t) => t.text.includes(key)).map((t) => t.key)).toEqual([]);
      const ledger = await withWarehouse(backend, (w) =>
        w.query(`SELECT * FROM ${w.kind === 'duckdb' ? 'ingestion_runs' : w.tableRef('ingestion_runs')}`),
      );
      expect(ledger.length).toBeGreaterThanOrEqual(2);
      expect(JSON.stringify(ledger)).not.toContain(key);
      expect(JSON.stringify(run.json)).not.toContain(key);
      // The logs said something about this run (so the check below can fail), but not the key.
      expect(lines.some((l) => l.includes('cb-secret'))).toBe(true);
      expect(lines.filter((l) => l.includes(key))).toEqual([]);
    } finally {
      spy.mockRestore();
      restore();
    }
  });
}
