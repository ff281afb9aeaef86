import type { PipelineEntry } from '../pipelines/registry';
import { minutesSince, pipelineStatuses } from './pipeline-status';
import type { LatestRun } from './queries/runs';

const entry = (name: string): PipelineEntry => ({
  name,
  description: `${name} pipeline`,
  source: name,
  schedule: { cron: '0 * * * *', timeZone: 'UTC' },
  function: { entryPoint: name, folder: `functions/${name}`, memoryMb: 256, timeoutS: 60 },
  tables: [],
});
const run = (pipeline: string, status: string, finishedAt: string | null, lastSuccessAt: string | null): LatestRun => ({
  runId: `${pipeline}-1`,
  pipeline,
  trigger: 'schedule',
  status,
  startedAt: '2025-06-30T10:00:00.000Z',
  finishedAt,
  recordsIn: 3,
  recordsValid: 2,
  recordsQuarantined: 1,
  errorClass: null,
  errorMessage: null,
  errorRetriable: null,
  slicesFailed: 0,
  failedSlices: [],
  slicesDeferred: 0,
  lastSuccessAt,
});
const NOW = new Date('2025-06-30T12:00:00.000Z');

describe('pipelineStatuses', () => {
  it('joins the registry with the latest runs: freshness from the last success, never-run and ledger-only pipelines shown', () => {
    const statuses = pipelineStatuses(
      [entry('prices'), entry('news'), entry('idle')],
      [
        run('news', 'failed', '2025-06-30T11:59:00.000Z', '2025-06-30T09:30:00.000Z'),
        run('prices', 'succeeded', '2025-06-30T11:15:30.000Z', '2025-06-30T11:15:30.000Z'),
        run('legacy', 'succeeded', null, null),
      ],
      NOW,
    );
    expect(statuses.map((s) => [s.name, s.state, s.freshnessMinutes, s.registered])).toEqual([
      ['prices', 'succeeded', 44, true],
      ['news', 'failed', 150, true],
      ['idle', 'never_run', null, true],
      ['legacy', 'succeeded', null, false],
    ]);
    expect(statuses[2]!.lastRun).toBeNull();
    expect(statuses[0]!.lastRun).not.toHaveProperty('lastSuccessAt');
    expect(statuses[0]!.lastRun).toMatchObject({ recordsIn: 3, recordsValid: 2, recordsQuarantined: 1 });
  });

  it.each([
    [null, null],
    ['2025-06-30T12:00:00.000Z', 0],
    ['2025-06-30T12:05:00.000Z', 0],
    ['2025-06-30T10:59:59.000Z', 60],
    ['not a time', null],
  ])('minutesSince(%s) = %s', (at, minutes) => {
    expect(minutesSince(at, NOW)).toBe(minutes);
  });
});
