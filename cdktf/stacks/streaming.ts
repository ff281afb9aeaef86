import type { Construct } from 'constructs';
import { TerraformStack, dependable } from 'cdktf';
import { BigqueryDatasetIamMember } from '@cdktf/provider-google/lib/bigquery-dataset-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { PubsubTopicIamMember } from '@cdktf/provider-google/lib/pubsub-topic-iam-member';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import type { DeployConfig } from '../config';
import { assertKnownApis } from '../constructs/api-gate';
import { managedKafkaNames } from '../constructs/kafka';
import {
  BIGQUERY_JOBS_ROLE,
  KAFKA_CLIENT_ROLE,
  LAKE_WRITER_ROLE,
  TOPIC_PUBLISHER_ROLE,
  WAREHOUSE_WRITER_ROLE,
} from '../constructs/roles';
import { StreamWorkerPool } from '../constructs/worker-pool';
import { mountSecrets, type MountedSecret, type SecretVersions } from '../secret-names';
import { streamerSecrets } from '../workload-secrets';
import { accountEmail, configureStack, runtimeEnvironment } from './common';
import { NEWS_SIGNALS_TOPIC } from './platform';

/** The worker pool's name, also its account's id suffix (`run-streamer`). */
export const STREAM_WORKER_POOL = 'streamer';

/** Inputs of the streaming stack. */
export interface StreamingStackProps {
  readonly config: DeployConfig;
  /** The streamer image with its content tag (cdktf/streamer-image.ts). */
  readonly image: string;
  readonly secretVersions: SecretVersions;
}

/**
 * How the worker pool reaches Kafka: always TLS + SASL. Managed Kafka takes Google's OAUTHBEARER
 * token for the pool's own account; an external Kafka takes the configured user and the
 * `kafka-sasl-password` secret. Pure.
 */
export function kafkaEnvironment(config: DeployConfig): Record<string, string> {
  const { projectId } = config;
  const streaming = config.streaming!;
  const common = { KAFKA_SECURITY_PROTOCOL: 'SASL_SSL', NEWS_TOPIC_PARTITIONS: String(streaming.partitions) };
  if (streaming.kafka.mode === 'managed') {
    return {
      ...common,
      KAFKA_BROKERS: managedKafkaNames(projectId, config.region).bootstrap,
      KAFKA_SASL_MECHANISM: 'oauthbearer-google',
      // The pool's account, so the token's subject never depends on a metadata lookup.
      KAFKA_SASL_GOOGLE_PRINCIPAL: accountEmail(`run-${STREAM_WORKER_POOL}`, projectId),
    };
  }
  return {
    ...common,
    KAFKA_BROKERS: streaming.kafka.brokers.join(','),
    KAFKA_SASL_MECHANISM: streaming.kafka.saslMechanism,
    KAFKA_SASL_USERNAME: streaming.kafka.username,
  };
}

/**
 * The news stream's always-on part, applied after the platform stack (which holds the APIs, the
 * Kafka cluster and topics, the image repository) and after the deploy pushed the image: ONE
 * Cloud Run worker pool instance running the websocket producer and both consumer groups
 * (STREAMER_ROLE=all, a third of the cost of three), with its own account holding what that code
 * uses: Kafka client (managed), lake objects, dataset data and BigQuery jobs (the lake-sink and the
 * analyst both MERGE), publish on news-signals, and its own secrets.
 * Throws listing every required secret without a version.
 */
export class StreamingStack extends TerraformStack {
  readonly pool: StreamWorkerPool;
  readonly mounted: readonly MountedSecret[];

  constructor(scope: Construct, id: string, props: StreamingStackProps) {
    super(scope, id);
    const { config } = props;
    const streaming = config.streaming;
    if (streaming === undefined) throw new Error('The streaming stack needs streaming.enabled');
    configureStack(this, id, config);
    const { mounted, missing } = mountSecrets(streamerSecrets(config)!, props.secretVersions);
    if (missing.length > 0) throw new Error(`The streamer needs secret(s) with no version: ${missing.join(', ')}`);
    this.mounted = mounted;

    const account = new ServiceAccount(this, 'sa', {
      accountId: `run-${STREAM_WORKER_POOL}`,
      displayName: 'Stream worker pool (producer, lake-sink, analyst)',
    });
    const member = `serviceAccount:${account.email}`;
    const grants = [
      new StorageBucketIamMember(this, 'lake-writer', { bucket: config.lake.bucket, role: LAKE_WRITER_ROLE, member }),
      new BigqueryDatasetIamMember(this, 'dataset-editor', {
        datasetId: config.warehouse.dataset,
        role: WAREHOUSE_WRITER_ROLE,
        member,
      }),
      new ProjectIamMember(this, 'bq-job-user', { project: config.projectId, role: BIGQUERY_JOBS_ROLE, member }),
      new PubsubTopicIamMember(this, 'signals-publisher', {
        topic: NEWS_SIGNALS_TOPIC,
        role: TOPIC_PUBLISHER_ROLE,
        member,
      }),
      ...(streaming.kafka.mode === 'managed'
        ? [new ProjectIamMember(this, 'kafka-client', { project: config.projectId, role: KAFKA_CLIENT_ROLE, member })]
        : []),
    ];
    this.pool = new StreamWorkerPool(this, 'worker', {
      name: STREAM_WORKER_POOL,
      region: config.region,
      image: props.image,
      serviceAccount: account,
      environment: {
        ...runtimeEnvironment(config),
        ...streaming.settings.env,
        ...kafkaEnvironment(config),
        STREAMER_ROLE: 'all',
      },
      secrets: mounted,
      vpc: streaming.kafka.mode === 'managed' ? managedKafkaNames(config.projectId, config.region).vpc : undefined,
      cpu: '1',
      memory: '1Gi',
      deletionProtection: config.deletionProtection,
    });
    // The pool starts consuming at once: its grants must exist before its first revision.
    this.pool.pool.dependsOn = [...(this.pool.pool.dependsOn ?? []), ...grants.map((g) => dependable(g))];
    assertKnownApis(this);
  }
}
