import type { RunSummary } from '../pipelines/loop/types';
import { runVerdict, summaryText } from './summary-text';

const base: RunSummary = {
  runId: 'prices-1',
  pipeline: 'prices',
  mode: 'backfill',
  trigger: 'cli',
  backfillId: '2024-01-01_2024-03-31',
  status: 'succeeded',
  startedAt: '2024-06-03T10:00:00.000Z',
  finishedAt: '2024-06-03T10:00:12.340Z',
  records: { in: 10, valid: 9, quarantined: 1, skipped: 0 },
  merged: { inserted: 9, updated: 0 },
  mergedByTable: { prices_daily: { inserted: 9, updated: 0 } },
  slices: { total: 2, succeeded: 2, failed: 0, skipped: 0, deferred: 0 },
  cursorBefore: {},
  cursorAfter: {},
  sliceReports: [],
};

describe('run summary for people', () => {
  it('says what ran, how it ended, the counts and the merges', () => {
    expect(summaryText(base)).toBe(
      [
        'prices backfill (cli) succeeded in 12.3 s  run prices-1',
        '  backfill 2024-01-01_2024-03-31',
        '  slices   2 total: 2 succeeded, 0 failed, 0 skipped (already done)',
        '  records  in 10, valid 9, quarantined 1, skipped 0',
        '  merged   prices_daily +9 inserted, 0 updated',
        '',
      ].join('\n'),
    );
  });

  it('lists each failed slice with its error', () => {
    const failed = {
      id: 'ZZZZ:2024',
      scope: 'ZZZZ',
      status: 'failed' as const,
      recordsIn: 0,
      valid: 0,
      quarantined: 0,
      skipped: 0,
      pages: 0,
      error: { class: 'HttpError', message: '404', retriable: false },
    };
    expect(summaryText({ ...base, status: 'partial', sliceReports: [failed] })).toContain(
      '  failed   ZZZZ:2024: HttpError: 404\n',
    );
  });

  it('says how many slices the time budget left and what continues them', () => {
    const stopped: RunSummary = {
      ...base,
      status: 'partial',
      slices: { total: 5, succeeded: 2, failed: 0, skipped: 0, deferred: 3 },
      resume: {
        reason: 'time_budget',
        budgetS: 1500,
        slicesLeft: 3,
        next: "run this backfill again with backfillId 'x'",
      },
    };
    const text = summaryText(stopped);
    expect(text).toContain(
      '  slices   5 total: 2 succeeded, 0 failed, 0 skipped (already done), 3 deferred (time budget)\n',
    );
    expect(text).toContain("  resume   the 1500 s time budget ended: run this backfill again with backfillId 'x'\n");
    expect(summaryText(base)).not.toContain('deferred');
  });

  it.each([
    [{}, 0, undefined],
    [
      { status: 'partial', slices: { total: 6, succeeded: 5, failed: 1, skipped: 0, deferred: 0 } },
      1,
      'run partial: 1 of 6 slices failed',
    ],
    [
      {
        status: 'partial',
        slices: { total: 6, succeeded: 2, failed: 0, skipped: 0, deferred: 4 },
        resume: { reason: 'time_budget', budgetS: 1500, slicesLeft: 4, next: 'the next run goes on' },
      },
      1,
      'run partial: 4 of 6 slices left when the 1500 s time budget ended; the next run goes on',
    ],
    [
      { status: 'partial', error: { class: 'StorageError', message: 'indicators failed', retriable: true } },
      1,
      'run partial: indicators failed',
    ],
    [
      { status: 'failed', error: { class: 'AuthError', message: '401 from yahoo', retriable: false } },
      1,
      'run failed: AuthError: 401 from yahoo',
    ],
  ] as const)('verdict of %j: exit %p', (change, code, message) => {
    expect(runVerdict({ ...base, ...change } as RunSummary)).toEqual(
      message === undefined ? { code } : { code, message },
    );
  });
});
