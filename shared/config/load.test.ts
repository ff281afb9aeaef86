import { ConfigError } from '../errors';
import { loadConfig } from './load';
import { Secret } from './secret';
import type { Config, StreamConfig } from './schema';

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('loadConfig accepted a bad environment');
}

describe('loadConfig', () => {
  it('applies every default to an empty environment', () => {
    const config = loadConfig({});
    expect(config.lake).toEqual({
      backend: 'local',
      dir: '.data/lake',
      bucket: undefined,
      projectId: undefined,
      apiEndpoint: undefined,
    });
    expect(config.warehouse).toMatchObject({
      backend: 'duckdb',
      duckdbPath: '.data/warehouse.duckdb',
      dataset: 'market_data',
      location: 'US',
    });
    expect(config.stream).toMatchObject({
      kafkaBrokers: undefined,
      dir: '.data/stream',
      clientId: 'market-data',
      securityProtocol: 'PLAINTEXT',
    });
    expect(config.log).toEqual({ level: 'info', format: 'auto' });
    expect(config.http).toEqual({ timeoutMs: 30_000, maxRetries: 5, userAgent: undefined });
    expect(config.polygon.apiKey).toBeUndefined();
  });

  it('reads and coerces a full environment', () => {
    const config: Config = loadConfig({
      GOOGLE_CLOUD_PROJECT: 'demo-project',
      LAKE_BACKEND: 'gcs',
      LAKE_BUCKET: 'market-lake',
      GCS_API_ENDPOINT: 'http://127.0.0.1:4443',
      WAREHOUSE_BACKEND: 'bigquery',
      BIGQUERY_DATASET: 'md_test',
      BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9050',
      KAFKA_BROKERS: ' 127.0.0.1:9092, 127.0.0.1:9093 ,',
      PUBSUB_EMULATOR_HOST: '127.0.0.1:8085',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'json',
      HTTP_TIMEOUT_MS: '1500',
      HTTP_MAX_RETRIES: '0',
      HTTP_USER_AGENT: 'browser',
      POLYGON_API_KEY: 'pk-123456',
    });
    expect(config.lake).toEqual({
      backend: 'gcs',
      dir: '.data/lake',
      bucket: 'market-lake',
      projectId: 'demo-project',
      apiEndpoint: 'http://127.0.0.1:4443',
    });
    expect(config.warehouse.projectId).toBe('demo-project');
    const stream: StreamConfig = config.stream;
    expect(stream.kafkaBrokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(config.pubsub).toEqual({ projectId: 'demo-project', emulatorHost: '127.0.0.1:8085' });
    expect(config.http).toEqual({ timeoutMs: 1500, maxRetries: 0, userAgent: 'browser' });
    expect(config.polygon.apiKey).toBeInstanceOf(Secret);
    expect(config.polygon.apiKey?.reveal()).toBe('pk-123456');
  });

  it('types each field precisely (checked by tsc)', () => {
    const config = loadConfig({});
    const backend: 'local' | 'gcs' = config.lake.backend;
    const brokers: readonly string[] | undefined = config.stream.kafkaBrokers;
    const timeoutMs: number = config.http.timeoutMs;
    const apiKey: Secret | undefined = config.crunchbase.apiKey;
    // @ts-expect-error a Secret is not a string: reveal() it explicitly
    const leaked: string | undefined = config.crunchbase.apiKey;
    expect(() => {
      // @ts-expect-error config is read-only, and frozen at run time too
      config.log.level = 'debug';
    }).toThrow(TypeError);
    expect([backend, brokers, timeoutMs, apiKey, leaked]).toEqual(['local', undefined, 30_000, undefined, undefined]);
  });

  it.each([
    ['empty string', ''],
    ['blank string', '   '],
  ])('treats an %s as unset, so the default applies', (_label, blank) => {
    const config = loadConfig({
      LAKE_DIR: blank,
      HTTP_TIMEOUT_MS: blank,
      LOG_LEVEL: blank,
      KAFKA_BROKERS: blank,
      POLYGON_API_KEY: blank,
    });
    expect(config.lake.dir).toBe('.data/lake');
    expect(config.http.timeoutMs).toBe(30_000);
    expect(config.log.level).toBe('info');
    expect(config.stream.kafkaBrokers).toBeUndefined();
    expect(config.polygon.apiKey).toBeUndefined();
  });

  it('returns a deep-frozen object', () => {
    const config = loadConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.lake)).toBe(true);
    expect(Object.isFrozen(config.stream.kafkaBrokers)).toBe(true);
    expect(() => {
      (config.lake as { dir: string }).dir = 'elsewhere';
    }).toThrow(TypeError);
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', HOME: '/root' })).not.toThrow();
  });

  it.each([
    { name: 'unknown backend', env: { LAKE_BACKEND: 's3' }, bad: ['LAKE_BACKEND'] },
    { name: 'non-numeric timeout', env: { HTTP_TIMEOUT_MS: '30s' }, bad: ['HTTP_TIMEOUT_MS'] },
    { name: 'zero timeout', env: { HTTP_TIMEOUT_MS: '0' }, bad: ['HTTP_TIMEOUT_MS'] },
    { name: 'negative retries', env: { HTTP_MAX_RETRIES: '-1' }, bad: ['HTTP_MAX_RETRIES'] },
    { name: 'bad broker list', env: { KAFKA_BROKERS: 'localhost:9092,broker-without-port' }, bad: ['KAFKA_BROKERS'] },
    {
      name: 'gcs without bucket or project',
      env: { LAKE_BACKEND: 'gcs' },
      bad: ['LAKE_BUCKET', 'GOOGLE_CLOUD_PROJECT'],
    },
    { name: 'bigquery without project', env: { WAREHOUSE_BACKEND: 'bigquery' }, bad: ['GOOGLE_CLOUD_PROJECT'] },
    {
      name: 'many problems at once, cross-field ones included',
      env: {
        LAKE_BACKEND: 'gcs',
        LAKE_BUCKET: '',
        WAREHOUSE_BACKEND: 'bigquery',
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'xml',
        HTTP_TIMEOUT_MS: 'abc',
        HTTP_MAX_RETRIES: '1.5',
        GCS_API_ENDPOINT: 'ftp://127.0.0.1',
        BIGQUERY_DATASET: 'has-dash',
        PUBSUB_EMULATOR_HOST: 'no port',
      },
      bad: [
        'LAKE_BUCKET',
        'GOOGLE_CLOUD_PROJECT',
        'LOG_LEVEL',
        'LOG_FORMAT',
        'HTTP_TIMEOUT_MS',
        'HTTP_MAX_RETRIES',
        'GCS_API_ENDPOINT',
        'BIGQUERY_DATASET',
        'PUBSUB_EMULATOR_HOST',
      ],
    },
  ])('one ConfigError names every bad variable: $name', ({ env, bad }) => {
    const error = problemsOf(env);
    for (const variable of bad) expect(error.message).toContain(`${variable}:`);
    expect(error.issues).toHaveLength(bad.length);
    expect(error.retriable).toBe(false);
  });

  it('explains each problem and echoes the offending (non-secret) value', () => {
    const { message } = problemsOf({ LAKE_BACKEND: 's3', WAREHOUSE_BACKEND: 'bigquery' });
    expect(message).toContain('LAKE_BACKEND: must be one of local, gcs (got "s3")');
    expect(message).toContain('GOOGLE_CLOUD_PROJECT: is required when WAREHOUSE_BACKEND=bigquery');
    expect(message).toMatch(/^Invalid configuration \(2 problems\):/);
  });

  it('never echoes a secret value, even next to other problems', () => {
    const { message } = problemsOf({ LOG_LEVEL: 'loud', POLYGON_API_KEY: 'pk-very-secret', LAKE_BACKEND: 'gcs' });
    expect(message).not.toContain('pk-very-secret');
  });
});
