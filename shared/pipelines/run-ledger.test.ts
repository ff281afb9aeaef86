import { failedSlicesOf, LEDGER_FAILED_SLICES } from './run-ledger';
import type { SliceReport } from './types';

const report = (id: string, status: SliceReport['status'], error?: SliceReport['error']): SliceReport => ({ id, scope: `scope-${id}`, status, recordsIn: 0, valid: 0, quarantined: 0, skipped: 0, pages: 0, ...(error ? { error } : {}) });

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
    const reports = Array.from({ length: LEDGER_FAILED_SLICES + 7 }, (_, i) => report(`s${i}`, 'failed', { class: 'HttpError', message: `HTTP 500 #${i}`, retriable: true }));
    const listed = failedSlicesOf({ sliceReports: reports })!;
    expect(listed).toHaveLength(LEDGER_FAILED_SLICES);
    expect(listed[0]!.id).toBe('s0');
    expect(listed.at(-1)!.id).toBe(`s${LEDGER_FAILED_SLICES - 1}`);
  });
});
