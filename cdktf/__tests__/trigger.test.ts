/** `make trigger JOB=...` resolves a scheduled pipeline to its Cloud Scheduler job name, and refuses anything else. */
import { PIPELINES } from '../../shared/pipelines/registry';
import { jobResourceName } from '../trigger';
import { testConfig } from './helpers';

describe('jobResourceName', () => {
  const scheduled = PIPELINES.find((p) => p.schedule !== undefined)!;

  it('names the job in the configured project and region', () => {
    expect(jobResourceName(testConfig({ DEPLOY_REGION: 'europe-west1' }), scheduled.name)).toBe(
      `projects/market-data-test/locations/europe-west1/jobs/${scheduled.name}`,
    );
  });

  it('refuses an unknown job, no job, and an on-demand pipeline', () => {
    const onDemand = { ...scheduled, name: 'crunchbase', schedule: undefined };
    expect(() => jobResourceName(testConfig(), 'nope')).toThrow(`JOB must name a scheduled pipeline (${scheduled.name}`);
    expect(() => jobResourceName(testConfig(), undefined)).toThrow("got ''");
    expect(() => jobResourceName(testConfig(), 'crunchbase', [scheduled, onDemand])).toThrow("got 'crunchbase'");
  });
});
