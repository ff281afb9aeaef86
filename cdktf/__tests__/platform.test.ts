/**
 * The platform stack: every shared table exactly as defined (DAY partition field, clustering,
 * partition filter, schema), the monitoring views, a private lake bucket with its lifecycle, the
 * stream's shared parts (managed Kafka or none for an external one), and the order of creation:
 * APIs first, then everything else; state in the bucket only.
 */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { TABLES } from '../../shared/warehouse/tables';
import { bigQuerySchema } from '../constructs/bq-table';
import { TerraformResource, TerraformStack } from 'cdktf';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { API_OF_RESOURCE, ApiGate, REQUIRED_APIS, gateStack } from '../constructs/api-gate';
import { KAFKA_TOPICS } from '../constructs/kafka';
import { allResources, resourcesOf, synthPipelines, synthPlatform, synthStreaming, testConfig } from './helpers';

Testing.setupJest();

describe('platform stack', () => {
  const { text, json } = synthPlatform();
  const tables = new Map(resourcesOf(json, 'google_bigquery_table').map(([, a]) => [a.table_id as string, a]));

  it.each(TABLES.map((def) => [def.name, def] as const))(
    'table %s has its partition, clustering, filter and schema exactly as defined',
    (_name, def) => {
      const table = tables.get(def.name);
      expect(table).toBeDefined();
      expect(table!.time_partitioning).toEqual(
        def.partitionField === undefined ? undefined : { type: 'DAY', field: def.partitionField },
      );
      expect(table!.clustering).toEqual(def.clustering && def.clustering.length > 0 ? [...def.clustering] : undefined);
      expect(table!.require_partition_filter).toBe(
        def.partitionField === undefined ? undefined : def.requirePartitionFilter === true,
      );
      expect(table!.description).toBe(def.description);
      const schema = JSON.parse(table!.schema as string) as { name: string; mode: string; description: string }[];
      expect(schema.map((c) => [c.name, c.mode, c.description])).toEqual(
        def.columns.map((c) => [c.name, c.required ? 'REQUIRED' : 'NULLABLE', c.description]),
      );
    },
  );

  it('the prices table is partitioned by date and clustered by ticker (the matcher sees it too)', () => {
    expect(text).toHaveResourceWithProperties(BigqueryTable, {
      table_id: 'prices_daily',
      time_partitioning: { type: 'DAY', field: 'date' },
      clustering: ['ticker'],
    });
  });

  it('maps column types to the names the BigQuery API answers with, so plans show no drift', () => {
    const types = bigQuerySchema({
      name: 't',
      description: '',
      key: ['a'],
      columns: [
        { name: 'a', type: 'INT64', required: true, description: '' },
        { name: 'b', type: 'FLOAT64', description: '' },
        { name: 'c', type: 'BOOL', description: '' },
        { name: 'd', type: 'JSON', description: '' },
      ],
    }).map((f) => f.type);
    expect(types).toEqual(['INTEGER', 'FLOAT', 'BOOLEAN', 'JSON']);
  });

  it('declares the monitoring views over ingestion_runs, in standard SQL', () => {
    for (const view of ['v_pipeline_freshness', 'v_daily_run_counts', 'v_quarantine_rate']) {
      const table = tables.get(view);
      expect(table?.view?.use_legacy_sql).toBe(false);
      expect(table?.view?.query).toContain('`market-data-test.market_data.ingestion_runs`');
    }
    expect(tables.get('v_quarantine_rate')!.view.query).toContain(
      'SAFE_DIVIDE(SUM(IFNULL(records_quarantined, 0)), SUM(IFNULL(records_in, 0)))',
    );
  });

  it('the lake bucket is private: uniform access, public access prevention enforced, versioned', () => {
    expect(text).toHaveResourceWithProperties(StorageBucket, {
      name: 'market-data-test-market-data-lake',
      public_access_prevention: 'enforced',
      uniform_bucket_level_access: true,
      versioning: { enabled: true },
    });
    for (const [, bucket] of resourcesOf(json, 'google_storage_bucket'))
      expect(bucket.public_access_prevention).toBe('enforced');
  });

  it('moves raw/ objects to Nearline after the configured number of days', () => {
    const rule = (days?: string) => {
      const j = synthPlatform(testConfig(days ? { lake: { rawNearlineAfterDays: Number(days) } } : {})).json;
      const lake = resourcesOf(j, 'google_storage_bucket').find(([, b]) => b.name.endsWith('-lake'))![1];
      return lake.lifecycle_rule.find((r: any) => r.action.type === 'SetStorageClass');
    };
    expect(rule()).toEqual({
      condition: { age: 30, matches_prefix: ['raw/'], matches_storage_class: ['STANDARD'] },
      action: { type: 'SetStorageClass', storage_class: 'NEARLINE' },
    });
    expect(rule('45').condition.age).toBe(45);
  });

  it('declares the news-signals topic, the image repository and a managed Kafka cluster with the news topics', () => {
    expect(resourcesOf(json, 'google_pubsub_topic').map(([, t]) => t.name)).toEqual(['news-signals']);
    expect(resourcesOf(json, 'google_artifact_registry_repository').map(([, r]) => r.repository_id)).toEqual([
      'market-data',
    ]);
    expect(resourcesOf(json, 'google_managed_kafka_cluster')).toHaveLength(1);
    expect(
      resourcesOf(json, 'google_managed_kafka_topic')
        .map(([, t]) => [t.topic_id, t.partition_count])
        .sort(),
    ).toEqual([...KAFKA_TOPICS].sort().map((t) => [t, 3]));
  });

  it('an external Kafka declares no cluster or network; streaming off declares none of its parts', () => {
    const external = synthPlatform(
      testConfig({
        streaming: {
          kafka: { mode: 'external', brokers: ['k.example.com:9093'], saslMechanism: 'plain', username: 'u' },
        },
      }),
    ).json;
    expect(resourcesOf(external, 'google_managed_kafka_cluster')).toHaveLength(0);
    expect(resourcesOf(external, 'google_compute_network')).toHaveLength(0);
    const off = synthPlatform(testConfig({ streaming: { enabled: false } })).json;
    for (const type of ['google_managed_kafka_cluster', 'google_pubsub_topic', 'google_artifact_registry_repository'])
      expect(resourcesOf(off, type)).toHaveLength(0);
  });

  it('the build account can write logs, push images and read the staged sources (Google stages them in buckets of its own)', () => {
    const grants = resourcesOf(json, 'google_project_iam_member')
      .filter(([, g]) => String(g.member).includes('google_service_account.builder'))
      .map(([, g]) => g.role)
      .sort();
    expect(grants).toEqual(['roles/artifactregistry.writer', 'roles/logging.logWriter', 'roles/storage.objectViewer']);
    expect(resourcesOf(json, 'google_service_account').map(([, a]) => a.account_id)).toContain('fn-builder');
  });

  it('declares no secret and no secret version: values stay with the operator, out of state', () => {
    expect(allResources(json).filter(([type]) => type.startsWith('google_secret_manager_secret'))).toEqual([]);
  });

  it('keeps Terraform state in the configured bucket, one prefix per stack, never in the checkout', () => {
    for (const synthed of [json, synthPipelines().json, synthStreaming().json]) {
      const backend = (synthed.terraform as { backend: Record<string, unknown> }).backend;
      expect(Object.keys(backend)).toEqual(['gcs']);
      expect(backend.gcs).toEqual({
        bucket: 'market-data-test-tfstate',
        prefix: expect.stringMatching(/^market-data\/(platform|pipelines|streaming)$/),
      });
    }
  });
});

describe('order of creation on an empty project', () => {
  const { json } = synthPlatform();
  const sleeps = resourcesOf(json, 'time_sleep');
  const gate = `time_sleep.${sleeps[0]?.[0]}`;

  it('enables every API any resource of any stack needs, then waits for the service agents', () => {
    const enabled = resourcesOf(json, 'google_project_service').map(([, a]) => a.service as string);
    expect(enabled.sort()).toEqual([...REQUIRED_APIS]);
    const types = new Set(
      [json, synthPipelines().json, synthStreaming().json].flatMap((j) => allResources(j).map(([type]) => type)),
    );
    for (const type of types) {
      expect(Object.hasOwn(API_OF_RESOURCE, type)).toBe(true);
      for (const api of API_OF_RESOURCE[type]!) expect(enabled).toContain(api);
    }
    expect(sleeps).toHaveLength(1);
    expect(sleeps[0]![1].create_duration).toMatch(/^\d+s$/);
    const waitsFor = sleeps[0]![1].depends_on as string[];
    expect(waitsFor.sort()).toEqual(
      resourcesOf(json, 'google_project_service')
        .map(([name]) => `google_project_service.${name}`)
        .sort(),
    );
  });

  it('every other platform resource depends on the wait after the APIs', () => {
    const others = allResources(json).filter(([type]) => type !== 'google_project_service' && type !== 'time_sleep');
    expect(others.length).toBeGreaterThan(20);
    for (const [type, name, args] of others)
      expect({ resource: `${type}.${name}`, dependsOn: args.depends_on }).toEqual({
        resource: `${type}.${name}`,
        dependsOn: expect.arrayContaining([gate]),
      });
  });

  it('a resource type with no known API fails synth, naming it', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const apis = new ApiGate(stack, 'apis', ['iam.googleapis.com']);
    new ServiceAccount(stack, 'sa', { accountId: 'x-account' });
    gateStack(stack, apis);
    expect(JSON.parse(Testing.synth(stack)).resource.google_service_account.sa.depends_on).toEqual([
      expect.stringMatching(/^time_sleep\.apis_settle_/),
    ]);
    new TerraformResource(stack, 'dns', { terraformResourceType: 'google_dns_record_set' });
    expect(() => gateStack(stack, apis)).toThrow(
      'No API is known for resource type(s) google_dns_record_set: add them to API_OF_RESOURCE',
    );
  });
});
