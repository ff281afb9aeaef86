import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { TABLES } from '../../shared/warehouse/tables';
import type { TableDef } from '../../shared/warehouse/types';
import type { DeployConfig } from '../config';
import { BqTable } from '../constructs/bq-table';
import { ManagedKafka } from '../constructs/kafka';
import { PrivateBucket } from '../constructs/lake-bucket';
import { MonitoringViews } from '../constructs/monitoring-views';
import { LAKE_WRITER_ROLE } from '../constructs/roles';
import { ProviderSecret } from '../constructs/secret';
import { StreamerService } from '../constructs/streamer-service';
import { PROVIDER_SECRETS } from '../secret-names';
import { configureStack, runtimeEnvironment } from './common';

/** The APIs the deployment uses; enabling is idempotent and never disabled on destroy. */
export const REQUIRED_APIS: readonly string[] = [
  'artifactregistry.googleapis.com',
  'bigquery.googleapis.com',
  'cloudbuild.googleapis.com',
  'cloudfunctions.googleapis.com',
  'cloudscheduler.googleapis.com',
  'compute.googleapis.com',
  'iam.googleapis.com',
  'logging.googleapis.com',
  'managedkafka.googleapis.com',
  'pubsub.googleapis.com',
  'run.googleapis.com',
  'secretmanager.googleapis.com',
  'storage.googleapis.com',
];

/** The event topic the analyst consumer publishes enriched news to. */
export const NEWS_SIGNALS_TOPIC = 'news-signals';

/** Inputs of the platform stack; `tables` defaults to every shared table definition. */
export interface PlatformStackProps {
  readonly config: DeployConfig;
  readonly tables?: readonly TableDef[];
}

/**
 * Everything the pipelines and the stream share: APIs, the lake bucket, the dataset with every
 * shared table and the monitoring views, the provider secrets (declared, never valued), the
 * `news-signals` topic, Kafka (a managed cluster with its network, or an external bootstrap), and
 * the always-on Cloud Run services: `streamer` and the `lake-sink` and `analyst` consumers.
 */
export class PlatformStack extends TerraformStack {
  readonly secrets: ReadonlyMap<string, ProviderSecret>;
  readonly kafkaBootstrap: string;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    configureStack(this, id, config);
    for (const api of REQUIRED_APIS) new ProjectService(this, `api-${api.split('.')[0]}`, { service: api, disableOnDestroy: false });

    const lake = new PrivateBucket(this, 'lake', {
      name: config.lake.bucket,
      location: config.region,
      rawNearlineAfterDays: config.lake.rawNearlineAfterDays,
      versioning: true,
      noncurrentRetentionDays: 30,
    }).bucket;
    const dataset = new BigqueryDataset(this, 'dataset', {
      datasetId: config.warehouse.dataset,
      location: config.warehouse.location,
      description: 'Market data warehouse: prices, indicators, news, Product Hunt, Crunchbase and the run ledger.',
      deleteContentsOnDestroy: !config.deletionProtection,
    });
    const tables = new Map((props.tables ?? TABLES).map((def) => [
      def.name,
      new BqTable(this, `table-${def.name}`, { def, datasetId: dataset.datasetId, deletionProtection: config.deletionProtection }),
    ]));
    const ledger = tables.get('ingestion_runs');
    if (ledger) new MonitoringViews(this, 'monitoring', { projectId: config.projectId, datasetId: dataset.datasetId, datasetName: config.warehouse.dataset, ledger: ledger.table });

    this.secrets = new Map(PROVIDER_SECRETS.map((envName) => [envName, new ProviderSecret(this, `secret-${envName}`, { envName })]));
    const signals = new PubsubTopic(this, 'news-signals', { name: NEWS_SIGNALS_TOPIC, messageRetentionDuration: '604800s' });
    new ArtifactRegistryRepository(this, 'images', {
      repositoryId: 'market-data',
      location: config.region,
      format: 'DOCKER',
      description: 'Container images of the streamer and its consumers.',
    });

    const kafka = config.kafka.mode === 'managed'
      ? new ManagedKafka(this, 'kafka', { projectId: config.projectId, region: config.region, ...config.kafka })
      : undefined;
    this.kafkaBootstrap = kafka ? kafka.bootstrap : config.kafka.mode === 'external' ? config.kafka.brokers.join(',') : '';
    const environment = { ...runtimeEnvironment(config), KAFKA_BROKERS: this.kafkaBootstrap };
    const service = (role: string, name: string, secrets: readonly string[]) =>
      new StreamerService(this, name, {
        name,
        role,
        region: config.region,
        image: config.streamer.image,
        environment,
        secrets,
        vpc: kafka?.vpc,
        cpu: '1',
        memory: '512Mi',
        deletionProtection: config.deletionProtection,
      });
    const member = (s: StreamerService) => `serviceAccount:${s.serviceAccount.email}`;
    const streamer = service('producer', 'streamer', config.streamer.secrets);
    const sink = service('lake-sink', 'consumer-lake-sink', []);
    const analyst = service('analyst', 'consumer-analyst', []);
    if (kafka) {
      for (const s of [streamer, sink, analyst]) {
        new ProjectIamMember(this, `${s.node.id}-kafka-client`, { project: config.projectId, role: 'roles/managedkafka.client', member: member(s) });
      }
    }
    new StorageBucketIamMember(this, 'sink-lake-writer', { bucket: lake.name, role: LAKE_WRITER_ROLE, member: member(sink) });
    new BigqueryDatasetIamMember(this, 'analyst-dataset-editor', { datasetId: dataset.datasetId, role: 'roles/bigquery.dataEditor', member: member(analyst) });
    new ProjectIamMember(this, 'analyst-bq-job-user', { project: config.projectId, role: 'roles/bigquery.jobUser', member: member(analyst) });
    new PubsubTopicIamMember(this, 'analyst-signals-publisher', { topic: signals.name, role: 'roles/pubsub.publisher', member: member(analyst) });

    new TerraformOutput(this, 'lake_bucket_name', { value: lake.name });
    new TerraformOutput(this, 'dataset_id', { value: dataset.datasetId });
    new TerraformOutput(this, 'kafka_bootstrap', { value: this.kafkaBootstrap });
  }
}
