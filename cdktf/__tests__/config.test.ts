/**
 * The deploy config file: parseDeployConfig is pure (the file's JSON in, a frozen config or one
 * message naming every bad key out), and per-pipeline settings are checked by the runtime's own
 * schema, with the secrets each pipeline mounts derived from its chosen provider.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeployConfigError, parseDeployConfig } from '../config';
import { readDeployConfig } from '../config-file';
import { TEST_FILE } from './helpers';

const problemsOf = (raw: unknown): string[] => {
  try {
    parseDeployConfig(raw);
  } catch (error) {
    if (error instanceof DeployConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('parsed without a problem');
};

describe('parseDeployConfig', () => {
  it('derives every name from the project with documented defaults', () => {
    const config = parseDeployConfig(TEST_FILE);
    expect(config).toMatchObject({
      projectId: 'market-data-test',
      region: 'us-central1',
      stateBucket: 'market-data-test-tfstate',
      lake: { bucket: 'market-data-test-market-data-lake', rawNearlineAfterDays: 30 },
      warehouse: { dataset: 'market_data', location: 'US' },
      functions: { maxInstances: 3, logLevel: 'info' },
      scheduler: { retryCount: 3 },
      dashboard: { invokers: [] },
      deletionProtection: true,
      streaming: {
        kafka: { mode: 'managed', vcpu: 3, memoryGib: 3 },
        partitions: 3,
        settings: { env: {}, secrets: { required: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'], optional: [] } },
      },
    });
    expect(config.pipelines.map((p) => p.entry.name)).toEqual(['prices', 'crunchbase', 'news', 'product-hunt']);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('the shipped example parses', () => {
    const example = readDeployConfig(join(__dirname, '..', 'deploy.example.json'));
    expect(example.pipelines.find((p) => p.entry.name === 'prices')!.settings.env.PRICES_WATCHLIST).toContain('BRK-B');
    expect(example.pipelines.find((p) => p.entry.name === 'prices')!.schedule).toEqual({
      cron: '30 22 * * 1-5',
      timeZone: 'America/New_York',
    });
  });

  it('requires the project and the state bucket (no local Terraform state)', () => {
    expect(problemsOf({})).toEqual(
      expect.arrayContaining([expect.stringMatching(/^project: /), expect.stringMatching(/^stateBucket: /)]),
    );
  });

  it('reports every bad key at once, by its path, values not echoed', () => {
    const problems = problemsOf({
      ...TEST_FILE,
      project: 'Bad_Project',
      lake: { rawNearlineAfterDays: 0 },
      scheduler: { retryCount: 9 },
      functions: { logLevel: 'loud' },
      colour: 'blue',
    });
    expect(problems.join('\n')).toMatch(/project: /);
    for (const path of ['lake.rawNearlineAfterDays', 'scheduler.retryCount', 'functions.logLevel'])
      expect(problems.join('\n')).toContain(path);
    expect(problems.join('\n')).toMatch(/colour/);
    expect(problems.join('\n')).not.toContain('Bad_Project');
  });

  it("checks the keys the runtime reads (bucket, dataset, log level) with the runtime's own settings, defaults included", () => {
    expect(
      problemsOf({ ...TEST_FILE, stateBucket: 'Bad Bucket', lake: { bucket: 'UPPER' }, warehouse: { dataset: 'a-b' } }),
    ).toEqual([
      'stateBucket: must be a Cloud Storage bucket name (lowercase letters, digits, - _ .)',
      'lake.bucket: must be a Cloud Storage bucket name (lowercase letters, digits, - _ .)',
      'warehouse.dataset: must be letters, digits and underscores',
    ]);
    expect(parseDeployConfig({ ...TEST_FILE, warehouse: { location: 'EU' } }).warehouse).toEqual({
      dataset: 'market_data',
      location: 'EU',
    });
  });

  it('refuses public dashboard invokers and anything that is not an IAM member', () => {
    for (const bad of ['allUsers', 'allAuthenticatedUsers', 'analysts@example.com', 'user:nobody']) {
      expect(problemsOf({ ...TEST_FILE, dashboard: { invokers: ['group:a@example.com', bad] } })).toEqual([
        expect.stringMatching(/^dashboard\.invokers\.1: must be an IAM member/),
      ]);
    }
    expect(
      parseDeployConfig({ ...TEST_FILE, dashboard: { invokers: ['group:analysts@example.com', 'domain:example.com'] } })
        .dashboard.invokers,
    ).toHaveLength(2);
  });

  it('carries per-pipeline settings, checked by the runtime schema, naming each bad key', () => {
    const problems = problemsOf({
      ...TEST_FILE,
      pipelines: {
        prices: { settings: { PRICES_PROVIDER: 'bloomberg', PRICES_LAG_DAYS: 'five', PRICE_WATCHLIST: 'AAPL' } },
        news: { settings: { NEWS_PAGE_SIZE: '500' } },
        nonsense: {},
      },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^pipelines\.prices\.settings\.PRICES_PROVIDER: must be one of yahoo, alpaca, polygon/),
        expect.stringMatching(/^pipelines\.prices\.settings\.PRICES_LAG_DAYS: must be a whole number/),
        expect.stringMatching(/^pipelines\.prices\.settings\.PRICE_WATCHLIST: not a setting of the platform/),
        expect.stringMatching(/^pipelines\.news\.settings\.NEWS_PAGE_SIZE: must be at most 50/),
        expect.stringMatching(/^pipelines\.nonsense: no such pipeline/),
      ]),
    );
    expect(problems).toHaveLength(5);
  });

  it('refuses secrets and deploy-owned settings in the file, saying where each comes from', () => {
    const problems = problemsOf({
      ...TEST_FILE,
      pipelines: { prices: { settings: { POLYGON_API_KEY: 'k', LAKE_BUCKET: 'x', WAREHOUSE_BACKEND: 'duckdb' } } },
    });
    expect(problems).toEqual([
      "pipelines.prices.settings.POLYGON_API_KEY: is a secret: store it in Secret Manager as 'polygon-api-key', never in the config",
      'pipelines.prices.settings.LAKE_BUCKET: is set by the deploy (lake.bucket)',
      'pipelines.prices.settings.WAREHOUSE_BACKEND: is set by the deploy (always bigquery)',
    ]);
    expect(problems.join('\n')).not.toMatch(/: k\b/);
  });

  it('derives the secrets a pipeline mounts from its chosen provider', () => {
    const secretsOf = (file: object, name: string) =>
      parseDeployConfig({ ...TEST_FILE, ...file }).pipelines.find((p) => p.entry.name === name)!.settings.secrets;
    expect(secretsOf({}, 'prices')).toEqual({ required: [], optional: [] });
    expect(secretsOf({ pipelines: { prices: { settings: { PRICES_PROVIDER: 'alpaca' } } } }, 'prices')).toEqual({
      required: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'],
      optional: [],
    });
    expect(secretsOf({ pipelines: { prices: { settings: { PRICES_PROVIDER: 'polygon' } } } }, 'prices')).toEqual({
      required: ['POLYGON_API_KEY'],
      optional: [],
    });
    // The news batch falls back to Yahoo RSS without Alpaca keys: they are optional.
    expect(secretsOf({}, 'news')).toEqual({ required: [], optional: ['APCA_API_KEY_ID', 'APCA_API_SECRET_KEY'] });
    expect(secretsOf({}, 'product-hunt')).toEqual({ required: ['PRODUCT_HUNT_TOKEN'], optional: [] });
  });

  it('overrides a schedule, refuses one on an on-demand pipeline, and leaves out disabled pipelines', () => {
    const config = parseDeployConfig({
      ...TEST_FILE,
      pipelines: { news: { schedule: { cron: '10 * * * *' } }, crunchbase: { enabled: false } },
    });
    expect(config.pipelines.find((p) => p.entry.name === 'news')!.schedule).toEqual({
      cron: '10 * * * *',
      timeZone: 'UTC',
    });
    expect(config.pipelines.map((p) => p.entry.name)).not.toContain('crunchbase');
    expect(problemsOf({ ...TEST_FILE, pipelines: { crunchbase: { schedule: { timeZone: 'UTC' } } } })).toEqual([
      'pipelines.crunchbase.schedule: the pipeline runs on demand only',
    ]);
    expect(problemsOf({ ...TEST_FILE, pipelines: { news: { schedule: { timeZone: 'Mars/Olympus' } } } })).toEqual([
      expect.stringMatching(/^pipelines\.news\.schedule\.timeZone: must be an IANA time zone/),
    ]);
  });

  it('streaming: off leaves it out; an external Kafka needs brokers, a mechanism and a user', () => {
    expect(parseDeployConfig({ ...TEST_FILE, streaming: { enabled: false } }).streaming).toBeUndefined();
    const external = parseDeployConfig({
      ...TEST_FILE,
      streaming: {
        kafka: { mode: 'external', brokers: ['k1.example.com:9093'], saslMechanism: 'scram-sha-512', username: 'mdp' },
      },
    });
    expect(external.streaming!.kafka).toEqual({
      mode: 'external',
      brokers: ['k1.example.com:9093'],
      saslMechanism: 'scram-sha-512',
      username: 'mdp',
    });
    expect(
      problemsOf({
        ...TEST_FILE,
        streaming: { kafka: { mode: 'external', brokers: ['nohost'], saslMechanism: 'gssapi' } },
      }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^streaming\.kafka\.brokers\.0: must be host:port/),
        expect.stringMatching(/^streaming\.kafka\.saslMechanism: /),
        expect.stringMatching(/^streaming\.kafka\.username: /),
      ]),
    );
    expect(
      problemsOf({ ...TEST_FILE, streaming: { settings: { NEWS_SUBSCRIBE: 'AAPL;;', KAFKA_BROKERS: 'a:1' } } }),
    ).toEqual([
      expect.stringMatching(/^streaming\.settings\.KAFKA_BROKERS: is set by the deploy/),
      expect.stringMatching(/^streaming\.settings\.NEWS_SUBSCRIBE: must be \* or a comma-separated list/),
    ]);
  });

  it('readDeployConfig names DEPLOY_CONFIG when the file is missing or not JSON', () => {
    expect(() => readDeployConfig(undefined)).toThrow(/^DEPLOY_CONFIG must name the deploy config file/);
    expect(() => readDeployConfig('/nonexistent/deploy.json')).toThrow(
      /^DEPLOY_CONFIG=\/nonexistent\/deploy.json: cannot read it/,
    );
    expect(() => readDeployConfig(join(__dirname, 'config.test.ts'))).toThrow(/: not JSON/);
    expect(readFileSync(join(__dirname, '..', 'deploy.example.json'), 'utf8')).toContain('"stateBucket"');
  });
});
