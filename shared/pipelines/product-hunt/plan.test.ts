import { advanceProductHuntCursor, daysBefore, planProductHunt, resolveProductHuntRequest } from './plan';

const SETTINGS = { lookbackDays: 7 };
const TODAY = '2024-06-15';

describe('Product Hunt planning', () => {
  it('counts days back across month and year ends', () => {
    expect(daysBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(daysBefore('2024-01-03', 7)).toBe('2023-12-27');
  });

  it('plans one pass over the lookback window from UTC midnight, carrying the watermark', () => {
    const stored = { postedAfter: '2024-06-01T00:00:00.000Z', newestCreatedAt: '2024-06-10T00:00:00.000Z' };
    expect(planProductHunt({ mode: 'incremental', trigger: 'schedule' }, stored, TODAY, SETTINGS)).toEqual([
      {
        id: 'posts:2024-06-08T00:00:00.000Z',
        scope: 'posts',
        cursor: { postedAfter: '2024-06-08T00:00:00.000Z', newestCreatedAt: '2024-06-10T00:00:00.000Z' },
        from: '2024-06-08',
        to: TODAY,
      },
    ]);
  });

  it('resumes a stopped pass exactly where it stopped, under the same slice id', () => {
    const stored = { postedAfter: '2024-06-05T00:00:00.000Z', endCursor: 'MjA=' };
    const [slice] = planProductHunt({ mode: 'incremental', trigger: 'schedule' }, stored, TODAY, SETTINGS);
    expect(slice).toMatchObject({
      id: 'posts:2024-06-05T00:00:00.000Z',
      cursor: { postedAfter: '2024-06-05T00:00:00.000Z', endCursor: 'MjA=' },
    });
  });

  it('a backfill resumes only a stopped pass over its own window', () => {
    const stored = { postedAfter: '2024-06-01T00:00:00.000Z', endCursor: 'MjA=' };
    const request = resolveProductHuntRequest(
      { mode: 'backfill', trigger: 'http', from: '2024-06-01' },
      TODAY,
      SETTINGS,
    );
    expect(request).toMatchObject({ from: '2024-06-01', to: TODAY, scopes: ['posts'] });
    expect(planProductHunt(request, stored, TODAY, SETTINGS)[0]!.cursor).toEqual(stored);
    const other = planProductHunt({ ...request, from: '2024-05-01' }, stored, TODAY, SETTINGS)[0]!;
    expect(other.cursor).toEqual({ postedAfter: '2024-05-01T00:00:00.000Z' });
    expect(resolveProductHuntRequest({ mode: 'backfill', trigger: 'cli' }, TODAY, SETTINGS).from).toBe('2024-06-08');
  });

  it('stores the next cursor with the later watermark, dropping a finished pass endCursor', () => {
    expect(
      advanceProductHuntCursor(
        { postedAfter: 'a', endCursor: 'MjA=', newestCreatedAt: '2024-06-14T12:00:00.000Z' },
        { postedAfter: 'a', newestCreatedAt: '2024-06-10T00:00:00Z' },
      ),
    ).toEqual({
      postedAfter: 'a',
      newestCreatedAt: '2024-06-14T12:00:00.000Z',
    });
    expect(advanceProductHuntCursor(undefined, { postedAfter: 'a', endCursor: 'MTA=' })).toEqual({
      postedAfter: 'a',
      endCursor: 'MTA=',
    });
    expect(
      advanceProductHuntCursor(
        { postedAfter: 'a', newestCreatedAt: '2024-06-01T00:00:00.000Z' },
        { postedAfter: 'b', endCursor: 'MTA=' },
      ),
    ).toEqual({
      postedAfter: 'b',
      endCursor: 'MTA=',
      newestCreatedAt: '2024-06-01T00:00:00.000Z',
    });
  });
});
