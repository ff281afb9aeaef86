import { SCHEDULED_RUN_BODY } from '../registry';
import { parseProductHuntRequest } from './request';

const TODAY = '2024-06-15';

describe('parseProductHuntRequest', () => {
  it.each([undefined, null, '', {}])('treats %j as an incremental run', (body) => {
    expect(parseProductHuntRequest(body, 'schedule', TODAY)).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'schedule' },
    });
  });

  it('accepts the scheduled body and a mode that agrees with postedAfter, rejects one that does not', () => {
    expect(parseProductHuntRequest(SCHEDULED_RUN_BODY, 'schedule', TODAY)).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'schedule' },
    });
    expect(parseProductHuntRequest({ mode: 'backfill', postedAfter: '2024-06-01' }, 'http', TODAY)).toMatchObject({
      ok: true,
      request: { mode: 'backfill', from: '2024-06-01' },
    });
    expect(parseProductHuntRequest({ mode: 'backfill' }, 'http', TODAY)).toMatchObject({
      ok: false,
      problems: [expect.objectContaining({ path: 'mode' })],
    });
    expect(parseProductHuntRequest({ mode: 'incremental', postedAfter: '2024-06-01' }, 'http', TODAY)).toMatchObject({
      ok: false,
    });
  });

  it('maps postedAfter to a backfill from that day, keeping runId and backfillId', () => {
    expect(
      parseProductHuntRequest({ postedAfter: '2024-06-01', runId: 'ph-1', backfillId: 'again' }, 'http', TODAY),
    ).toEqual({
      ok: true,
      request: { mode: 'backfill', trigger: 'http', from: '2024-06-01', runId: 'ph-1', backfillId: 'again' },
    });
  });

  it('names every problem of a bad body with its path and code', () => {
    const parsed = parseProductHuntRequest(
      { postedAfter: '2024-13-01', runId: '../etc', order: 'VOTES' },
      'http',
      TODAY,
    );
    expect(parsed.ok).toBe(false);
    const problems = parsed.ok ? [] : parsed.problems;
    expect(problems.map((p) => p.path).sort()).toEqual(['', 'postedAfter', 'runId']);
    expect(problems.find((p) => p.path === '')).toMatchObject({
      code: 'unrecognized_keys',
      message: expect.stringContaining('order'),
    });
  });

  it('rejects a future postedAfter, a backfillId alone and a non-object body', () => {
    const future = parseProductHuntRequest({ postedAfter: '2024-06-16' }, 'http', TODAY);
    expect(future.ok ? [] : future.problems.map((p) => [p.path, p.message])).toEqual([
      ['postedAfter', 'must not be after today (2024-06-15)'],
    ]);
    const alone = parseProductHuntRequest({ backfillId: 'x' }, 'http', TODAY);
    expect(alone.ok ? [] : alone.problems.map((p) => p.path)).toEqual(['backfillId']);
    const list = parseProductHuntRequest([1], 'http', TODAY);
    expect(list.ok ? [] : list.problems.map((p) => p.code)).toEqual(['invalid_type']);
  });
});
