/**
 * The streaming stack: one Cloud Run worker pool instance runs the producer and both consumer
 * groups (STREAMER_ROLE=all) from the image tagged by content digest, reaches Kafka over TLS + SASL
 * (Google's OAUTHBEARER for Managed Kafka, the configured user for an external one), and mounts
 * pinned secrets only.
 */
import { Testing, TerraformStack } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StreamWorkerPool } from '../constructs/worker-pool';
import { ALL_VERSIONS, resourcesOf, synthStreaming, testConfig } from './helpers';

const envOf = (pool: Record<string, any>) =>
  pool.template.containers[0].env as {
    name: string;
    value?: string;
    value_source?: { secret_key_ref: { secret: string; version: string } };
  }[];
const plain = (pool: Record<string, any>) =>
  Object.fromEntries(
    envOf(pool)
      .filter((e) => e.value !== undefined)
      .map((e) => [e.name, e.value]),
  );

describe('streaming stack', () => {
  const { json } = synthStreaming();
  const [[, pool]] = resourcesOf(json, 'google_cloud_run_v2_worker_pool') as [[string, Record<string, any>]];

  it('runs ONE worker pool instance with all three roles from the content-tagged image, with no port', () => {
    expect(resourcesOf(json, 'google_cloud_run_v2_worker_pool')).toHaveLength(1);
    expect(resourcesOf(json, 'google_cloud_run_v2_service')).toHaveLength(0);
    expect(pool.scaling).toEqual({ scaling_mode: 'MANUAL', manual_instance_count: 1 });
    expect(pool.template.containers[0].image).toBe(
      'us-central1-docker.pkg.dev/market-data-test/market-data/streamer:0123abcd',
    );
    expect(pool.template.containers[0].ports).toBeUndefined();
    expect(plain(pool)).toMatchObject({
      STREAMER_ROLE: 'all',
      LAKE_BACKEND: 'gcs',
      WAREHOUSE_BACKEND: 'bigquery',
      LOG_FORMAT: 'json',
      NEWS_TOPIC_PARTITIONS: '3',
    });
    expect(pool.template.vpc_access.network_interfaces).toEqual([
      { network: 'market-data', subnetwork: 'market-data-us-central1' },
    ]);
  });

  it('reaches Managed Kafka over SASL_SSL with Google OAUTHBEARER for its own account', () => {
    expect(plain(pool)).toMatchObject({
      KAFKA_BROKERS: 'bootstrap.market-data.us-central1.managedkafka.market-data-test.cloud.goog:9092',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'oauthbearer-google',
      KAFKA_SASL_GOOGLE_PRINCIPAL: 'run-streamer@market-data-test.iam.gserviceaccount.com',
    });
    expect(resourcesOf(json, 'google_service_account').map(([, a]) => a.account_id)).toEqual(['run-streamer']);
  });

  it('mounts the Alpaca keys pinned to their resolved versions, never latest', () => {
    const secrets = envOf(pool)
      .filter((e) => e.value_source !== undefined)
      .map((e) => [e.name, e.value_source!.secret_key_ref]);
    expect(secrets).toEqual([
      ['APCA_API_KEY_ID', { secret: 'apca-api-key-id', version: '7' }],
      ['APCA_API_SECRET_KEY', { secret: 'apca-api-secret-key', version: '7' }],
    ]);
    expect(JSON.stringify(json)).not.toContain('latest');
  });

  it('carries the deploy config streaming settings', () => {
    const { json: tuned } = synthStreaming(
      testConfig({
        streaming: { partitions: 6, settings: { LAKE_SINK_FLUSH_MS: '60000', NEWS_SUBSCRIBE: 'AAPL,MSFT' } },
      }),
    );
    const [[, tunedPool]] = resourcesOf(tuned, 'google_cloud_run_v2_worker_pool') as [[string, Record<string, any>]];
    expect(plain(tunedPool)).toMatchObject({
      LAKE_SINK_FLUSH_MS: '60000',
      NEWS_SUBSCRIBE: 'AAPL,MSFT',
      NEWS_TOPIC_PARTITIONS: '6',
    });
  });

  it('an external Kafka: its brokers and user, the password from Secret Manager, no VPC, no Kafka IAM', () => {
    const config = testConfig({
      streaming: {
        kafka: {
          mode: 'external',
          brokers: ['k1.example.com:9093', 'k2.example.com:9093'],
          saslMechanism: 'scram-sha-512',
          username: 'mdp',
        },
      },
    });
    const { json: ext } = synthStreaming(config);
    const [[, extPool]] = resourcesOf(ext, 'google_cloud_run_v2_worker_pool') as [[string, Record<string, any>]];
    expect(plain(extPool)).toMatchObject({
      KAFKA_BROKERS: 'k1.example.com:9093,k2.example.com:9093',
      KAFKA_SECURITY_PROTOCOL: 'SASL_SSL',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'mdp',
    });
    expect(envOf(extPool).find((e) => e.name === 'KAFKA_SASL_PASSWORD')?.value_source?.secret_key_ref).toEqual({
      secret: 'kafka-sasl-password',
      version: '7',
    });
    expect(extPool.template.vpc_access).toBeUndefined();
    expect(resourcesOf(ext, 'google_project_iam_member').map(([, a]) => a.role)).not.toContain(
      'roles/managedkafka.client',
    );
    const { KAFKA_SASL_PASSWORD: _drop, ...withoutPassword } = ALL_VERSIONS;
    expect(() => synthStreaming(config, withoutPassword)).toThrow(
      'The streamer needs secret(s) with no version: KAFKA_SASL_PASSWORD',
    );
  });

  it('the pool waits for every grant its code needs before its first revision', () => {
    const grants = [
      'google_storage_bucket_iam_member',
      'google_bigquery_dataset_iam_member',
      'google_project_iam_member',
      'google_pubsub_topic_iam_member',
      'google_secret_manager_secret_iam_member',
    ].flatMap((type) => resourcesOf(json, type).map(([name]) => `${type}.${name}`));
    expect(grants.length).toBeGreaterThanOrEqual(7);
    expect([...pool.depends_on].sort()).toEqual(grants.sort());
  });

  it('refuses an image without a content tag', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const serviceAccount = new ServiceAccount(stack, 'sa', { accountId: 'run-x' });
    const props = {
      name: 'streamer',
      region: 'us-central1',
      serviceAccount,
      environment: {},
      secrets: [],
      vpc: undefined,
      cpu: '1',
      memory: '1Gi',
      deletionProtection: false,
    };
    for (const image of ['r-docker.pkg.dev/p/market-data/streamer:latest', 'r-docker.pkg.dev/p/market-data/streamer']) {
      expect(() => new StreamWorkerPool(stack, `p${image.length}`, { ...props, image })).toThrow(
        /needs an image with a content tag/,
      );
    }
  });
});
