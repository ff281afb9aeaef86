import type { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { BigqueryDataset } from '@cdktf/provider-google/lib/bigquery-dataset';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { PubsubTopic } from '@cdktf/provider-google/lib/pubsub-topic';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { TABLES } from '../../shared/warehouse/tables';
import type { TableDef } from '../../shared/warehouse/types';
import type { DeployConfig } from '../config';
import { ApiGate, gateStack } from '../constructs/api-gate';
import { BqTable } from '../constructs/bq-table';
import { ManagedKafka } from '../constructs/kafka';
import { PrivateBucket } from '../constructs/lake-bucket';
import { MonitoringViews } from '../constructs/monitoring-views';
import { BUILDER_ROLES } from '../constructs/roles';
import { IMAGE_REPOSITORY } from '../streamer-image';
import { BUILDER_ACCOUNT_ID, configureStack } from './common';

/** The event topic the analyst consumer publishes enriched news to. */
export const NEWS_SIGNALS_TOPIC = 'news-signals';

/** Inputs of the platform stack; `tables` defaults to every shared table definition. */
export interface PlatformStackProps {
  readonly config: DeployConfig;
  readonly tables?: readonly TableDef[];
}

/**
 * Everything the workloads share, applied first: the APIs (every other resource waits for them),
 * the lake bucket, the dataset with every shared table and the monitoring views, the build account,
 * and, when streaming is on, the Artifact Registry repository the streamer image is pushed to, the
 * `news-signals` topic and a managed Kafka cluster with its network (or nothing, for an external
 * Kafka). Secrets are the operator's (cdktf/secret-names.ts); workloads live in the `pipelines` and
 * `streaming` stacks, applied after this one.
 */
export class PlatformStack extends TerraformStack {
  readonly gate: ApiGate;
  readonly kafka: ManagedKafka | undefined;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    configureStack(this, id, config);
    this.gate = new ApiGate(this, 'apis');

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
    const tables = new Map(
      (props.tables ?? TABLES).map((def) => [
        def.name,
        new BqTable(this, `table-${def.name}`, {
          def,
          datasetId: dataset.datasetId,
          deletionProtection: config.deletionProtection,
        }),
      ]),
    );
    const ledger = tables.get('ingestion_runs');
    if (ledger)
      new MonitoringViews(this, 'monitoring', {
        projectId: config.projectId,
        datasetId: dataset.datasetId,
        datasetName: config.warehouse.dataset,
        ledger: ledger.table,
      });

    // One build identity for function sources and the streamer image (Cloud Build).
    const builder = new ServiceAccount(this, 'builder', {
      accountId: BUILDER_ACCOUNT_ID,
      displayName: 'Builds functions and the streamer image',
    });
    for (const role of BUILDER_ROLES) {
      new ProjectIamMember(this, `builder-${role.split('/')[1]}`, {
        project: config.projectId,
        role,
        member: `serviceAccount:${builder.email}`,
      });
    }

    if (config.streaming !== undefined) {
      new ArtifactRegistryRepository(this, 'images', {
        repositoryId: IMAGE_REPOSITORY,
        location: config.region,
        format: 'DOCKER',
        description: 'Container images of the streamer (tagged by content digest).',
      });
      new PubsubTopic(this, 'news-signals', { name: NEWS_SIGNALS_TOPIC, messageRetentionDuration: '604800s' });
      const { kafka } = config.streaming;
      if (kafka.mode === 'managed') {
        this.kafka = new ManagedKafka(this, 'kafka', {
          projectId: config.projectId,
          region: config.region,
          vcpu: kafka.vcpu,
          memoryGib: kafka.memoryGib,
          partitions: config.streaming.partitions,
        });
      }
    }

    new TerraformOutput(this, 'lake_bucket_name', { value: lake.name });
    new TerraformOutput(this, 'dataset_id', { value: dataset.datasetId });
    gateStack(this, this.gate);
  }
}
