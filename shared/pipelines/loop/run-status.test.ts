import { runStatus, sliceCounts, tallyRecords } from './run-status';
import type { SliceReport } from './types';

const report = (id: string, status: SliceReport['status'], valid = 0): SliceReport => ({
  id,
  scope: id,
  status,
  recordsIn: valid + 1,
  valid,
  quarantined: 1,
  skipped: 0,
  pages: 1,
});
const plain = { aborted: false, accountingBroken: false, afterRunFailed: false, resumed: () => false };

describe('runStatus', () => {
  it('is succeeded when every slice is, and partial when the after-run step failed', () => {
    const reports = [report('a', 'succeeded', 3), report('b', 'skipped')];
    expect(runStatus({ ...plain, reports })).toBe('succeeded');
    expect(runStatus({ ...plain, reports, afterRunFailed: true })).toBe('partial');
  });

  it('is failed when every attempted slice failed without moving the pipeline on', () => {
    expect(
      runStatus({ ...plain, reports: [report('a', 'failed'), report('b', 'failed'), report('c', 'skipped')] }),
    ).toBe('failed');
  });

  it('is partial when a failed slice landed rows or stored a resume point', () => {
    expect(runStatus({ ...plain, reports: [report('a', 'failed', 2)] })).toBe('partial');
    expect(runStatus({ ...plain, reports: [report('a', 'failed')], resumed: (id) => id === 'a' })).toBe('partial');
    expect(runStatus({ ...plain, reports: [report('a', 'failed'), report('b', 'succeeded', 1)] })).toBe('partial');
  });

  it('is partial when the time budget deferred slices, even if none started; failed if every started one failed', () => {
    expect(runStatus({ ...plain, reports: [report('a', 'succeeded', 3), report('b', 'deferred')] })).toBe('partial');
    expect(runStatus({ ...plain, reports: [report('a', 'skipped'), report('b', 'deferred')] })).toBe('partial');
    expect(runStatus({ ...plain, reports: [report('a', 'deferred')] })).toBe('partial');
    expect(runStatus({ ...plain, reports: [report('a', 'failed'), report('b', 'deferred')] })).toBe('failed');
  });

  it('is failed after an abort or a broken accounting, whatever the slices did', () => {
    const reports = [report('a', 'succeeded', 3)];
    expect(runStatus({ ...plain, reports, aborted: true })).toBe('failed');
    expect(runStatus({ ...plain, reports, accountingBroken: true })).toBe('failed');
  });
});

describe('tallyRecords and sliceCounts', () => {
  it('sum the slice reports', () => {
    const reports = [report('a', 'succeeded', 3), report('b', 'failed', 1), report('c', 'skipped')];
    expect(tallyRecords(reports)).toEqual({ in: 7, valid: 4, quarantined: 3, skipped: 0 });
    expect(sliceCounts(reports)).toEqual({ total: 3, succeeded: 1, failed: 1, skipped: 1, deferred: 0 });
    expect(sliceCounts([...reports, report('d', 'deferred'), report('e', 'deferred')])).toEqual({
      total: 5,
      succeeded: 1,
      failed: 1,
      skipped: 1,
      deferred: 2,
    });
  });
});
