import { parseCrunchbaseRequest } from './request';

describe('parseCrunchbaseRequest', () => {
  it('maps a body to a run of the named organizations, deduplicated in order', () => {
    expect(
      parseCrunchbaseRequest(
        { permalinks: ['globex', 'acme-robotics', 'globex'], includeRecentRounds: true, runId: 'cb-1' },
        'http',
        { maxPermalinksPerCall: 5 },
      ),
    ).toEqual({
      ok: true,
      request: {
        mode: 'incremental',
        trigger: 'http',
        scopes: ['globex', 'acme-robotics'],
        includeRecentRounds: true,
        runId: 'cb-1',
      },
    });
  });

  it('names every bad permalink with its position', () => {
    const parsed = parseCrunchbaseRequest({ permalinks: ['globex', 'Foo Bar', '../etc', 7] }, 'http', {
      maxPermalinksPerCall: 5,
    });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path)).toEqual(['permalinks.1', 'permalinks.2', 'permalinks.3']);
    expect(parsed.message).toContain('invalid permalink "Foo Bar" at 1');
    expect(parsed.message).toContain('invalid permalink "../etc" at 2');
    expect(parsed.message).toContain('invalid permalink number at 3');
  });

  it('says the limit when a call names too many organizations', () => {
    const parsed = parseCrunchbaseRequest({ permalinks: ['a', 'b', 'c'] }, 'http', { maxPermalinksPerCall: 2 });
    expect(parsed).toMatchObject({ ok: false, message: 'permalinks: at most 2 permalinks per call, got 3' });
  });

  it.each([
    [undefined, 'permalinks'],
    [{}, 'permalinks'],
    [{ permalinks: [] }, 'permalinks'],
    [{ permalinks: 'globex' }, 'permalinks'],
    [{ permalinks: ['globex'], extra: 1 }, ''],
    [{ permalinks: ['globex'], includeRecentRounds: 'yes' }, 'includeRecentRounds'],
    [[1], ''],
  ])('rejects %j at %p', (body, path) => {
    const parsed = parseCrunchbaseRequest(body, 'http', { maxPermalinksPerCall: 5 });
    expect(parsed.ok ? [] : parsed.problems.map((p) => p.path)).toEqual([path]);
  });
});
