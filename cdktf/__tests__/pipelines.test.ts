/**
 * The registry drives the deployment: one gen2 function per entry (runtime nodejs22, entry point,
 * memory, timeout, max instances, its own service account), one Scheduler job per scheduled entry
 * (cron, time zone, OIDC audience = that function's URL, attempt deadline, retry config, JSON
 * body), and a new entry in a registry passed in adds both without any change under cdktf/. The
 * deploy config's settings reach each function's environment, and its secrets are pinned.
 */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { Cloudfunctions2Function } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { parsePricesRequest } from '../../shared/pipelines/prices/request';
import { PIPELINES, runTimeBudgetS } from '../../shared/pipelines/registry';
import {
  MAX_ATTEMPT_DEADLINE_S,
  SCHEDULED_RUN_REQUEST,
  resourceSlug,
  type DeployablePipeline,
} from '../constructs/scheduled-function';
import { ALL_VERSIONS, functionNamed, resourcesOf, synthPipelines, testConfig, type SynthJson } from './helpers';

Testing.setupJest();

const scheduled = PIPELINES.filter((entry) => entry.schedule !== undefined);

function jobNamed(json: SynthJson, name: string): Record<string, any> {
  const found = resourcesOf(json, 'google_cloud_scheduler_job').find(([, args]) => args.name === name);
  if (!found) throw new Error(`no job named ${name}`);
  return found[1];
}

describe('pipelines stack from the real registry', () => {
  const { text, json } = synthPipelines();

  it('the registry is not empty and has a scheduled entry (else these tests prove nothing)', () => {
    expect(PIPELINES.length).toBeGreaterThan(0);
    expect(scheduled.length).toBeGreaterThan(0);
  });

  it.each(PIPELINES.map((e) => [e.name, e] as const))(
    '%s has a gen2 function with its entry point, memory, timeout and own account',
    (_name, entry) => {
      const { id, args } = functionNamed(json, resourceSlug(entry.name));
      expect(text).toHaveResourceWithProperties(Cloudfunctions2Function, {
        name: resourceSlug(entry.name),
        build_config: expect.objectContaining({ runtime: 'nodejs22', entry_point: entry.function.entryPoint }),
        service_config: expect.objectContaining({
          available_memory: `${entry.function.memoryMb}M`,
          timeout_seconds: entry.function.timeoutS,
          max_instance_count: 3,
        }),
      });
      const account = args.service_config.service_account_email as string;
      expect(account).toMatch(/^\$\{google_service_account\.[\w-]+\.email\}$/);
      const accounts = resourcesOf(json, 'google_service_account').filter(([n]) => account.includes(`.${n}.`));
      expect(accounts.map(([, a]) => a.account_id)).toEqual([`fn-${resourceSlug(entry.name)}`]);
      expect(args.build_config.source.storage_source.object).toMatch(/^\$\{google_storage_bucket_object\./);
      expect(id).toContain(resourceSlug(entry.name));
    },
  );

  it.each(scheduled.map((e) => [e.name, e] as const))(
    '%s has a Scheduler job with its cron, OIDC audience, deadline, retries and JSON body',
    (_name, entry) => {
      const fn = functionNamed(json, resourceSlug(entry.name));
      const job = jobNamed(json, resourceSlug(entry.name));
      const url = `\${google_cloudfunctions2_function.${fn.id}.url}`;
      expect(job.schedule).toBe(entry.schedule!.cron);
      expect(job.time_zone).toBe(entry.schedule!.timeZone);
      expect(job.http_target.uri).toBe(url);
      expect(job.http_target.oidc_token.audience).toBe(url);
      expect(job.http_target.oidc_token.service_account_email).toMatch(
        /^\$\{google_service_account\.invoker[\w-]*\.email\}$/,
      );
      expect(job.http_target.headers).toEqual({ 'Content-Type': 'application/json' });
      expect(job.http_target.http_method).toBe('POST');
      expect(JSON.parse(Buffer.from(job.http_target.body, 'base64').toString('utf8'))).toEqual(SCHEDULED_RUN_REQUEST);
      expect(job.attempt_deadline).toBe(`${Math.min(entry.function.timeoutS, MAX_ATTEMPT_DEADLINE_S)}s`);
      expect(job.retry_config).toEqual({
        retry_count: 3,
        min_backoff_duration: '60s',
        max_backoff_duration: '900s',
        max_doublings: 3,
      });
      expect(text).toHaveResourceWithProperties(CloudSchedulerJob, {
        name: resourceSlug(entry.name),
        schedule: entry.schedule!.cron,
      });
    },
  );

  it('the scheduled body is one the prices function accepts as an incremental run (its body schema is strict)', () => {
    const body = JSON.parse(Buffer.from(jobNamed(json, 'prices').http_target.body, 'base64').toString('utf8'));
    expect(parsePricesRequest(body, 'schedule')).toEqual({
      ok: true,
      request: { mode: 'incremental', trigger: 'schedule' },
    });
    expect(parsePricesRequest({ ...body, trigger: 'schedule' }, 'schedule').ok).toBe(false);
  });

  it('grants run.invoker on each scheduled function to the invoker account only', () => {
    const grants = resourcesOf(json, 'google_cloud_run_v2_service_iam_member').map(([, a]) => a);
    expect(grants).toHaveLength(scheduled.length);
    for (const grant of grants) {
      expect(grant.role).toBe('roles/run.invoker');
      expect(grant.member).toMatch(/^serviceAccount:\$\{google_service_account\.invoker[\w-]*\.email\}$/);
    }
  });

  it('has exactly one function per entry and one job per scheduled entry', () => {
    expect(resourcesOf(json, 'google_cloudfunctions2_function')).toHaveLength(PIPELINES.length + 1); // + the dashboard
    expect(resourcesOf(json, 'google_cloud_scheduler_job')).toHaveLength(scheduled.length);
  });
});

describe('a registry passed in', () => {
  const extraScheduled: DeployablePipeline = {
    name: 'news-batch',
    description: 'Hourly news.',
    source: 'polygon',
    schedule: { cron: '5 * * * *', timeZone: 'Etc/UTC' },
    function: {
      entryPoint: 'newsBatch',
      folder: 'functions/news-batch',
      memoryMb: 256,
      timeoutS: 3600,
      maxInstances: 7,
    },
    tables: ['news'],
  };
  const extraOnDemand: DeployablePipeline = {
    name: 'crunchbase-extra',
    description: 'Organizations on demand.',
    source: 'crunchbase',
    schedule: undefined,
    function: { entryPoint: 'crunchbaseExtra', folder: 'functions/crunchbase', memoryMb: 512, timeoutS: 540 },
    tables: ['organizations'],
  };

  it('adding a scheduled entry adds a function and a job; an on-demand entry adds a function only', () => {
    const before = synthPipelines(testConfig({}, PIPELINES)).json;
    const after = synthPipelines(testConfig({}, [...PIPELINES, extraScheduled, extraOnDemand])).json;
    expect(resourcesOf(after, 'google_cloudfunctions2_function')).toHaveLength(
      resourcesOf(before, 'google_cloudfunctions2_function').length + 2,
    );
    expect(resourcesOf(after, 'google_cloud_scheduler_job')).toHaveLength(
      resourcesOf(before, 'google_cloud_scheduler_job').length + 1,
    );
    const fn = functionNamed(after, 'news-batch');
    expect(fn.args.build_config.entry_point).toBe('newsBatch');
    expect(fn.args.service_config.max_instance_count).toBe(7);
    expect(jobNamed(after, 'news-batch').schedule).toBe('5 * * * *');
    // Scheduler caps an attempt at 30 minutes even when the function may run an hour.
    expect(jobNamed(after, 'news-batch').attempt_deadline).toBe('1800s');
    expect(functionNamed(after, 'crunchbase-extra').args.build_config.entry_point).toBe('crunchbaseExtra');
    expect(() => jobNamed(after, 'crunchbase-extra')).toThrow('no job named crunchbase-extra');
  });

  it('rejects two entries with the same name', () => {
    expect(() => synthPipelines(testConfig({}, [extraOnDemand, { ...extraOnDemand }]))).toThrow(
      'Duplicate pipeline name(s): crunchbase-extra',
    );
  });

  it('an entry of a keyed source reads its keys from Secret Manager, pinned to the resolved version, each granted to its own account only', () => {
    const { json } = synthPipelines(testConfig({}, [extraScheduled, extraOnDemand]), {
      ...ALL_VERSIONS,
      POLYGON_API_KEY: '4',
    });
    const news = functionNamed(json, 'news-batch').args.service_config;
    expect(news.secret_environment_variables).toEqual([
      { key: 'POLYGON_API_KEY', project_id: 'market-data-test', secret: 'polygon-api-key', version: '4' },
    ]);
    expect(functionNamed(json, 'crunchbase-extra').args.service_config.secret_environment_variables).toEqual([
      { key: 'CRUNCHBASE_API_KEY', project_id: 'market-data-test', secret: 'crunchbase-api-key', version: '7' },
    ]);
    const grants = resourcesOf(json, 'google_secret_manager_secret_iam_member').map(([, a]) => [a.secret_id, a.member]);
    expect(grants).toEqual(
      expect.arrayContaining([
        ['polygon-api-key', expect.stringMatching(/news-batch/)],
        ['crunchbase-api-key', expect.stringMatching(/crunchbase-extra/)],
      ]),
    );
    expect(grants).toHaveLength(2);
    // Never a floating `latest`: a revision pins what exists.
    expect(JSON.stringify(json)).not.toContain('"latest"');
  });

  it('a required secret without a version stops synth, naming each; an optional one is simply not mounted', () => {
    const {
      POLYGON_API_KEY: _p,
      CRUNCHBASE_API_KEY: _c,
      APCA_API_KEY_ID: _k,
      APCA_API_SECRET_KEY: _s,
      ...rest
    } = ALL_VERSIONS;
    expect(() => synthPipelines(testConfig({}, [extraScheduled, extraOnDemand]), rest)).toThrow(
      'Secret(s) with no version: POLYGON_API_KEY (pipeline news-batch), CRUNCHBASE_API_KEY (pipeline crunchbase-extra)',
    );
    const { json } = synthPipelines(
      testConfig({ pipelines: { crunchbase: { enabled: false }, 'product-hunt': { enabled: false } } }),
      rest,
    );
    expect(functionNamed(json, 'news').args.service_config.secret_environment_variables).toEqual([]);
    const withKeys = synthPipelines(testConfig()).json;
    expect(
      functionNamed(withKeys, 'news').args.service_config.secret_environment_variables.map(
        (s: { key: string }) => s.key,
      ),
    ).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
  });

  it('the prices function mounts the secrets of the provider the deploy config chose', () => {
    const secretsOf = (provider?: string) => {
      const config = testConfig(
        provider === undefined ? {} : { pipelines: { prices: { settings: { PRICES_PROVIDER: provider } } } },
      );
      return functionNamed(synthPipelines(config).json, 'prices').args.service_config.secret_environment_variables.map(
        (s: { key: string }) => s.key,
      );
    };
    expect(secretsOf()).toEqual([]);
    expect(secretsOf('alpaca')).toEqual(['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY']);
    expect(secretsOf('polygon')).toEqual(['POLYGON_API_KEY']);
  });
});

describe('the deploy config reaches the functions', () => {
  it("each function's environment carries its pipeline's settings, and no other pipeline's", () => {
    const config = testConfig({
      pipelines: {
        prices: { settings: { PRICES_WATCHLIST: 'AAPL,MSFT', YAHOO_REQUESTS_PER_MINUTE: '90' } },
        news: { settings: { NEWS_MARKET_WIDE: 'false' } },
      },
    });
    const { json } = synthPipelines(config);
    const env = (name: string) =>
      functionNamed(json, name).args.service_config.environment_variables as Record<string, string>;
    expect(env('prices')).toMatchObject({
      PRICES_WATCHLIST: 'AAPL,MSFT',
      YAHOO_REQUESTS_PER_MINUTE: '90',
      WAREHOUSE_BACKEND: 'bigquery',
      LAKE_BACKEND: 'gcs',
    });
    expect(env('news')).toMatchObject({ NEWS_MARKET_WIDE: 'false' });
    // Each run stops starting slices before its function's timeout.
    for (const pipeline of config.pipelines) {
      expect(Number(env(pipeline.entry.name).RUN_TIME_BUDGET_S)).toBe(runTimeBudgetS(pipeline.entry));
      expect(Number(env(pipeline.entry.name).RUN_TIME_BUDGET_S)).toBeLessThan(pipeline.entry.function.timeoutS);
    }
    expect(env('news').PRICES_WATCHLIST).toBeUndefined();
    expect(env('prices').NEWS_MARKET_WIDE).toBeUndefined();
  });

  it("a schedule's time zone and cron come from the deploy config when it says so", () => {
    const { json } = synthPipelines(
      testConfig({
        pipelines: { prices: { schedule: { timeZone: 'Europe/London' } }, news: { schedule: { cron: '20 * * * *' } } },
      }),
    );
    expect(jobNamed(json, 'prices')).toMatchObject({ time_zone: 'Europe/London', schedule: '30 22 * * 1-5' });
    expect(jobNamed(json, 'news')).toMatchObject({ time_zone: 'UTC', schedule: '20 * * * *' });
  });

  it('a disabled pipeline has no function and no job', () => {
    const { json } = synthPipelines(testConfig({ pipelines: { 'product-hunt': { enabled: false } } }));
    expect(() => functionNamed(json, 'product-hunt')).toThrow();
    expect(() => jobNamed(json, 'product-hunt')).toThrow();
  });
});
