import { Construct } from 'constructs';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ManagedKafkaCluster } from '@cdktf/provider-google/lib/managed-kafka-cluster';
import { ManagedKafkaTopic } from '@cdktf/provider-google/lib/managed-kafka-topic';
import type { VpcEgress } from './streamer-service';

/** The stream topics of DESIGN.md: news, and its dead-letter topic. */
export const KAFKA_TOPICS: readonly string[] = ['news', 'news.dlq'];

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
 * services attach by direct VPC egress. Clients authenticate with their service account
 * (roles/managedkafka.client, SASL OAUTHBEARER or PLAIN with an access token).
 */
export class ManagedKafka extends Construct {
  readonly cluster: ManagedKafkaCluster;
  /** `host:port` of the bootstrap endpoint, in the form the service documents. */
  readonly bootstrap: string;
  readonly vpc: VpcEgress;

  constructor(scope: Construct, id: string, props: ManagedKafkaProps) {
    super(scope, id);
    const network = new ComputeNetwork(this, 'network', { name: 'market-data', autoCreateSubnetworks: false });
    const subnet = new ComputeSubnetwork(this, 'subnet', {
      name: `market-data-${props.region}`,
      region: props.region,
      network: network.id,
      ipCidrRange: '10.10.0.0/24',
      privateIpGoogleAccess: true,
    });
    const clusterId = 'market-data';
    this.cluster = new ManagedKafkaCluster(this, 'cluster', {
      clusterId,
      location: props.region,
      capacityConfig: { vcpuCount: String(props.vcpu), memoryBytes: String(props.memoryGib * 1024 ** 3) },
      gcpConfig: { accessConfig: { networkConfigs: [{ subnet: `projects/${props.projectId}/regions/${props.region}/subnetworks/${subnet.name}` }] } },
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
    // https://cloud.google.com/managed-service-for-apache-kafka/docs/quickstart#cloud-shell: the bootstrap DNS name.
    this.bootstrap = `bootstrap.${clusterId}.${props.region}.managedkafka.${props.projectId}.cloud.goog:9092`;
    this.vpc = { network: network.name, subnetwork: subnet.name };
  }
}
