import { Secret } from '../../config/secret';
import { ConfigError } from '../../errors';
import { advanceRecentRounds, planRecentRounds, SEARCH_SCOPE } from './funding-rounds';
import { crunchbaseSettingsFrom } from './settings';

describe('recent-rounds planning', () => {
  it('searches the lookback window when nothing is stored or the watermark is recent', () => {
    expect(planRecentRounds(undefined, '2024-03-31', 30)).toEqual({
      id: `${SEARCH_SCOPE}:2024-03-01`,
      scope: SEARCH_SCOPE,
      cursor: { announcedSince: '2024-03-01' },
      from: '2024-03-01',
      to: '2024-03-31',
    });
    expect(
      planRecentRounds({ announcedSince: '2024-02-01', latestAnnouncedOn: '2024-03-20' }, '2024-03-31', 30).cursor,
    ).toEqual({
      announcedSince: '2024-03-01',
      latestAnnouncedOn: '2024-03-20',
    });
  });

  it('reaches back to an older watermark so no round between distant runs is skipped', () => {
    expect(
      planRecentRounds({ announcedSince: '2023-12-01', latestAnnouncedOn: '2024-01-10' }, '2024-03-31', 30).cursor
        .announcedSince,
    ).toBe('2024-01-10');
  });

  it('resumes a stopped search after its last landed round', () => {
    const stored = { announcedSince: '2024-03-01', afterId: 'abc', latestAnnouncedOn: '2024-03-20' };
    expect(planRecentRounds(stored, '2024-04-02', 30)).toMatchObject({
      cursor: stored,
      id: `${SEARCH_SCOPE}:2024-03-01:after:abc`,
    });
  });

  it('keeps the newer watermark and drops the resume point once a search completes', () => {
    expect(
      advanceRecentRounds(
        { announcedSince: 'x', afterId: 'abc', latestAnnouncedOn: '2024-03-20' },
        { announcedSince: '2024-03-01', latestAnnouncedOn: '2024-03-02' },
      ),
    ).toEqual({
      announcedSince: '2024-03-01',
      latestAnnouncedOn: '2024-03-20',
    });
    expect(advanceRecentRounds(undefined, { announcedSince: '2024-03-01', afterId: 'def' })).toEqual({
      announcedSince: '2024-03-01',
      afterId: 'def',
    });
  });
});

describe('crunchbaseSettingsFrom', () => {
  const section = {
    apiKey: undefined,
    baseUrl: undefined,
    pageSize: 100,
    maxPermalinksPerCall: 25,
    fundingRoundsLookbackDays: 30,
  };

  it('refuses a config without CRUNCHBASE_API_KEY, naming the variable', () => {
    expect.assertions(2);
    try {
      crunchbaseSettingsFrom({ crunchbase: section });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).message).toContain('CRUNCHBASE_API_KEY');
    }
  });

  it('defaults the base URL to the real API', () => {
    const settings = crunchbaseSettingsFrom({ crunchbase: { ...section, apiKey: new Secret('k') } });
    expect(settings).toMatchObject({ baseUrl: 'https://api.crunchbase.com', pageSize: 100, maxPermalinksPerCall: 25 });
    expect(JSON.stringify(settings)).not.toContain('"k"');
  });
});
