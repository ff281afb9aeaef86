/** `make trigger JOB=...` resolves a deployed, scheduled pipeline to its Cloud Scheduler job name, and refuses anything else. */
import { PIPELINES } from '../../shared/pipelines/registry';
import { jobResourceName } from '../trigger';
import { testConfig } from './helpers';

describe('jobResourceName', () => {
  const scheduled = PIPELINES.find((p) => p.schedule !== undefined)!;

  it('names the job in the configured project and region', () => {
    expect(jobResourceName(testConfig({ region: 'europe-west1' }), scheduled.name)).toBe(
      `projects/market-data-test/locations/europe-west1/jobs/${scheduled.name}`,
    );
  });

  it('refuses an unknown job, no job, an on-demand pipeline and a disabled one', () => {
    expect(() => jobResourceName(testConfig(), 'nope')).toThrow(
      `JOB must name a scheduled pipeline (${scheduled.name}`,
    );
    expect(() => jobResourceName(testConfig(), undefined)).toThrow("got ''");
    expect(() => jobResourceName(testConfig(), 'crunchbase')).toThrow("got 'crunchbase'");
    expect(() =>
      jobResourceName(testConfig({ pipelines: { [scheduled.name]: { enabled: false } } }), scheduled.name),
    ).toThrow(`got '${scheduled.name}'`);
  });
});
