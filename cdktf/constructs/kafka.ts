import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ManagedKafkaCluster } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import type { VpcEgress } from './worker-pool';

/** The stream topics (docs/architecture.md, "Data flow"): news, and its dead-letter topic. */
export const KAFKA_TOPICS: readonly string[] = ['news', 'news.dlq'];

/** The cluster's id. */
const CLUSTER_ID = 'market-data';

/**
 * The names the cluster and its network get, derived from project and region alone, so the
 * streaming stack (applied after the platform stack) reaches them without a cross-stack reference.
 */
export function managedKafkaNames(projectId: string, region: string): { bootstrap: string; vpc: VpcEgress } {
  return {
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/quickstart#cloud-shell: the bootstrap DNS name.
    bootstrap: `bootstrap.${CLUSTER_ID}.${region}.managedkafka.${projectId}.cloud.goog:9092`,
    vpc: { network: 'market-data', subnetwork: `market-data-${region}` },
  };
}

/** Settings of the managed cluster. */
export interface ManagedKafkaProps {
  readonly projectId: string;
  readonly region: string;
  readonly vcpu: number;
  readonly memoryGib: number;
  readonly partitions: number;
}

/**
 * A Google Managed Service for Apache Kafka cluster with the platform's topics, and the network it
 * needs: a VPC with one subnet where the cluster gets its private endpoints and where the Cloud Run
 * worker pool attaches by direct VPC egress. Clients connect over TLS and authenticate with their
 * service account (roles/managedkafka.client, SASL OAUTHBEARER with Google's token:
 * shared/stream's `oauthbearer-google`).
 */
export class ManagedKafka extends Construct {
  readonly cluster: ManagedKafkaCluster;
  /** `host:port` of the bootstrap endpoint, in the form the service documents. */
  readonly bootstrap: string;
  readonly vpc: VpcEgress;

  constructor(scope: Construct, id: string, props: ManagedKafkaProps) {
    super(scope, id);
    const names = managedKafkaNames(props.projectId, props.region);
    const network = new ComputeNetwork(this, 'network', { name: names.vpc.network, autoCreateSubnetworks: false });
    const subnet = new ComputeSubnetwork(this, 'subnet', {
      name: names.vpc.subnetwork,
      region: props.region,
      network: network.id,
      ipCidrRange: '10.10.0.0/24',
      privateIpGoogleAccess: true,
    });
    this.cluster = new ManagedKafkaCluster(this, 'cluster', {
      clusterId: CLUSTER_ID,
      location: props.region,
      capacityConfig: { vcpuCount: String(props.vcpu), memoryBytes: String(props.memoryGib * 1024 ** 3) },
      gcpConfig: {
        accessConfig: {
          networkConfigs: [
            { subnet: `projects/${props.projectId}/regions/${props.region}/subnetworks/${subnet.name}` },
          ],
        },
      },
      rebalanceConfig: { mode: 'AUTO_REBALANCE_ON_SCALE_UP' },
      labels: { app: 'market-data' },
      dependsOn: [subnet],
    });
    for (const topic of KAFKA_TOPICS) {
      new ManagedKafkaTopic(this, `topic-${topic.replace(/\./g, '-')}`, {
        cluster: this.cluster.clusterId,
        location: props.region,
        topicId: topic,
        partitionCount: props.partitions,
        replicationFactor: 3,
      });
    }
    this.bootstrap = names.bootstrap;
    this.vpc = names.vpc;
  }
}
