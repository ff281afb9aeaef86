/**
 * The platform stack: every shared table exactly as defined (DAY partition field, clustering,
 * partition filter, schema), the monitoring views, a private lake bucket with its lifecycle, the
 * stream (managed Kafka or an external bootstrap) and the always-on Cloud Run services.
 */
import { Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { BigqueryTable } from '@cdktf/provider-google/lib/bigquery-table';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { TABLES } from '../../shared/warehouse/tables';
import { bigQuerySchema } from '../constructs/bq-table';
import { KAFKA_TOPICS } from '../constructs/kafka';
import { resourcesOf, synthPlatform } from './helpers';

Testing.setupJest();

describe('platform stack', () => {
  const { text, json } = synthPlatform();
  const tables = new Map(resourcesOf(json, 'google_bigquery_table').map(([, a]) => [a.table_id as string, a]));

  it.each(TABLES.map((def) => [def.name, def] as const))('table %s has its partition, clustering, filter and schema exactly as defined', (_name, def) => {
    const table = tables.get(def.name);
    expect(table).toBeDefined();
    expect(table!.time_partitioning).toEqual(def.partitionField === undefined ? undefined : { type: 'DAY', field: def.partitionField });
    expect(table!.clustering).toEqual(def.clustering && def.clustering.length > 0 ? [...def.clustering] : undefined);
    expect(table!.require_partition_filter).toBe(def.partitionField === undefined ? undefined : def.requirePartitionFilter === true);
    expect(table!.description).toBe(def.description);
    const schema = JSON.parse(table!.schema as string) as { name: string; mode: string; description: string }[];
    expect(schema.map((c) => [c.name, c.mode, c.description])).toEqual(
      def.columns.map((c) => [c.name, c.required ? 'REQUIRED' : 'NULLABLE', c.description]),
    );
  });

  it('the prices table is partitioned by date and clustered by ticker (the matcher sees it too)', () => {
    expect(text).toHaveResourceWithProperties(BigqueryTable, {
      table_id: 'prices_daily',
      time_partitioning: { type: 'DAY', field: 'date' },
      clustering: ['ticker'],
    });
  });

  it('maps column types to the names the BigQuery API answers with, so plans show no drift', () => {
    const types = bigQuerySchema({ name: 't', description: '', key: ['a'], columns: [
      { name: 'a', type: 'INT64', required: true, description: '' },
      { name: 'b', type: 'FLOAT64', description: '' },
      { name: 'c', type: 'BOOL', description: '' },
      { name: 'd', type: 'JSON', description: '' },
    ] }).map((f) => f.type);
    expect(types).toEqual(['INTEGER', 'FLOAT', 'BOOLEAN', 'JSON']);
  });

  it('declares the monitoring views over ingestion_runs, in standard SQL', () => {
    for (const view of ['v_pipeline_freshness', 'v_daily_run_counts', 'v_quarantine_rate']) {
      const table = tables.get(view);
      expect(table?.view?.use_legacy_sql).toBe(false);
      expect(table?.view?.query).toContain('`market-data-test.market_data.ingestion_runs`');
    }
    expect(tables.get('v_quarantine_rate')!.view.query).toContain('SAFE_DIVIDE(SUM(IFNULL(records_quarantined, 0)), SUM(IFNULL(records_in, 0)))');
  });

  it('the lake bucket is private: uniform access, public access prevention enforced, versioned', () => {
    expect(text).toHaveResourceWithProperties(StorageBucket, {
      name: 'market-data-test-market-data-lake',
      public_access_prevention: 'enforced',
      uniform_bucket_level_access: true,
      versioning: { enabled: true },
    });
    for (const [, bucket] of resourcesOf(json, 'google_storage_bucket')) expect(bucket.public_access_prevention).toBe('enforced');
  });

  it('moves raw/ objects to Nearline after the configured number of days', () => {
    const rule = (days?: string) => {
      const j = synthPlatform(days ? { LAKE_RAW_NEARLINE_AFTER_DAYS: days } : {}).json;
      const lake = resourcesOf(j, 'google_storage_bucket').find(([, b]) => b.name.endsWith('-lake'))![1];
      return lake.lifecycle_rule.find((r: any) => r.action.type === 'SetStorageClass');
    };
    expect(rule()).toEqual({ condition: { age: 30, matches_prefix: ['raw/'], matches_storage_class: ['STANDARD'] }, action: { type: 'SetStorageClass', storage_class: 'NEARLINE' } });
    expect(rule('45').condition.age).toBe(45);
  });

  it('declares the news-signals topic and a managed Kafka cluster with the news topics', () => {
    expect(resourcesOf(json, 'google_pubsub_topic').map(([, t]) => t.name)).toEqual(['news-signals']);
    expect(resourcesOf(json, 'google_managed_kafka_cluster')).toHaveLength(1);
    expect(resourcesOf(json, 'google_managed_kafka_topic').map(([, t]) => t.topic_id).sort()).toEqual([...KAFKA_TOPICS].sort());
  });

  it('runs the streamer and the consumers with one instance always on and CPU always allocated', () => {
    const services = new Map(resourcesOf(json, 'google_cloud_run_v2_service').map(([, s]) => [s.name as string, s]));
    expect([...services.keys()].sort()).toEqual(['consumer-analyst', 'consumer-lake-sink', 'streamer']);
    for (const service of services.values()) {
      expect(service.template.scaling.min_instance_count).toBe(1);
      expect(service.template.containers[0].resources.cpu_idle).toBe(false);
      expect(service.template.vpc_access.network_interfaces).toHaveLength(1);
    }
    const env = services.get('streamer')!.template.containers[0].env as { name: string; value?: string }[];
    expect(env).toContainEqual({ name: 'KAFKA_BROKERS', value: 'bootstrap.market-data.us-central1.managedkafka.market-data-test.cloud.goog:9092' });
  });

  it('with KAFKA_BROKERS set, uses that bootstrap and declares no cluster or network', () => {
    const { json: ext } = synthPlatform({ KAFKA_BROKERS: '10.0.0.5:9092,10.0.0.6:9092' });
    expect(resourcesOf(ext, 'google_managed_kafka_cluster')).toHaveLength(0);
    expect(resourcesOf(ext, 'google_compute_network')).toHaveLength(0);
    const streamer = resourcesOf(ext, 'google_cloud_run_v2_service').find(([, s]) => s.name === 'streamer')![1];
    expect(streamer.template.containers[0].env).toContainEqual({ name: 'KAFKA_BROKERS', value: '10.0.0.5:9092,10.0.0.6:9092' });
  });
});
