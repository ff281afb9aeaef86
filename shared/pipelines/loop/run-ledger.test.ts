import { failedSlicesOf, LEDGER_FAILED_SLICES, ledgerRow } from './run-ledger';
import type { RunSummary, SliceReport } from './types';

const report = (id: string, status: SliceReport['status'], error?: SliceReport['error']): SliceReport => ({
  id,
  scope: `scope-${id}`,
  status,
  recordsIn: 0,
  valid: 0,
  quarantined: 0,
  skipped: 0,
  pages: 0,
  ...(error ? { error } : {}),
});

describe('failedSlicesOf', () => {
  it('lists every failed slice with its own error, in plan order, and null when none failed', () => {
    const reports = [
      report('a', 'succeeded'),
      report('b', 'failed', { class: 'RateLimitError', message: 'HTTP 429', retriable: true }),
      report('c', 'skipped'),
      report('d', 'failed', { class: 'OrganizationNotFoundError', message: 'no "d"', retriable: false }),
    ];
    expect(failedSlicesOf({ sliceReports: reports })).toEqual([
      { id: 'b', scope: 'scope-b', class: 'RateLimitError', message: 'HTTP 429', retriable: true },
      { id: 'd', scope: 'scope-d', class: 'OrganizationNotFoundError', message: 'no "d"', retriable: false },
    ]);
    expect(failedSlicesOf({ sliceReports: [report('a', 'succeeded')] })).toBeNull();
  });

  it(`keeps the first ${LEDGER_FAILED_SLICES} failures, so one bad run cannot bloat the ledger row`, () => {
    const reports = Array.from({ length: LEDGER_FAILED_SLICES + 7 }, (_, i) =>
      report(`s${i}`, 'failed', { class: 'HttpError', message: `HTTP 500 #${i}`, retriable: true }),
    );
    const listed = failedSlicesOf({ sliceReports: reports })!;
    expect(listed).toHaveLength(LEDGER_FAILED_SLICES);
    expect(listed[0]!.id).toBe('s0');
    expect(listed.at(-1)!.id).toBe(`s${LEDGER_FAILED_SLICES - 1}`);
  });
});

describe('ledgerRow', () => {
  it('records a run its time budget stopped as partial, with its deferred slices counted and no error', () => {
    const summary: RunSummary = {
      runId: 'prices-1',
      pipeline: 'prices',
      mode: 'incremental',
      trigger: 'schedule',
      status: 'partial',
      startedAt: '2026-12-07T03:30:00.000Z',
      finishedAt: '2026-12-07T03:55:10.000Z',
      records: { in: 750, valid: 750, quarantined: 0, skipped: 0 },
      merged: { inserted: 750, updated: 0 },
      mergedByTable: { prices_daily: { inserted: 750, updated: 0 } },
      slices: { total: 5, succeeded: 3, failed: 0, skipped: 0, deferred: 2 },
      cursorBefore: {},
      cursorAfter: {},
      resume: { reason: 'time_budget', budgetS: 1500, slicesLeft: 2, next: 'the next incremental run goes on' },
      sliceReports: [
        report('a', 'succeeded'),
        report('b', 'succeeded'),
        report('c', 'succeeded'),
        report('d', 'deferred'),
        report('e', 'deferred'),
      ],
    };
    expect(ledgerRow(summary)).toMatchObject({
      status: 'partial',
      slices_total: 5,
      slices_failed: 0,
      slices_deferred: 2,
      failed_slices: null,
      error_class: null,
      error_message: null,
    });
  });
});
