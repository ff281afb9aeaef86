import { Construct } from 'constructs';
import { CloudRunV2WorkerPool } from '@cdktf/provider-google/lib/cloud-run-v2-worker-pool';
import type { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import type { MountedSecret } from '../secret-names';
import { grantMountedSecrets, refusePlainSecrets } from './secret';

/** Direct VPC egress into the subnet where the Kafka cluster's endpoints live. */
export interface VpcEgress {
  readonly network: string;
  readonly subnetwork: string;
}

/** Settings of the stream worker pool. */
export interface StreamWorkerPoolProps {
  readonly name: string;
  readonly region: string;
  /** Image reference with its content tag (cdktf/streamer-image.ts); never `:latest`. */
  readonly image: string;
  readonly serviceAccount: ServiceAccount;
  readonly environment: Readonly<Record<string, string>>;
  /** Secrets, each pinned to the version the deploy resolved. */
  readonly secrets: readonly MountedSecret[];
  readonly vpc: VpcEgress | undefined;
  readonly cpu: string;
  readonly memory: string;
  readonly deletionProtection: boolean;
}

/**
 * The stream's always-on workload as a Cloud Run worker pool: no ingress, no port, no startup probe
 * (the websocket producer and the Kafka consumer groups pull; nothing calls them), one instance by
 * manual scaling, billed as always active (which also means its CPU is never throttled). Google
 * describes worker pools as made for "pull-based workloads (e.g. Kafka consumers)". The pool's
 * account reads only its own secrets; the stack grants the rest (lake, dataset, topics, Kafka).
 */
export class StreamWorkerPool extends Construct {
  readonly pool: CloudRunV2WorkerPool;

  constructor(scope: Construct, id: string, props: StreamWorkerPoolProps) {
    super(scope, id);
    refusePlainSecrets(props.name, props.environment, props.secrets);
    if (/:latest$|^[^:@]+$/.test(props.image.split('/').pop() ?? ''))
      throw new Error(`Worker pool '${props.name}' needs an image with a content tag, got ${props.image}`);
    const grants = grantMountedSecrets(this, props.secrets, props.serviceAccount.email);
    this.pool = new CloudRunV2WorkerPool(this, 'pool', {
      name: props.name,
      location: props.region,
      // Worker pools are a Preview (BETA) resource in google provider 6.50.
      launchStage: 'BETA',
      deletionProtection: props.deletionProtection,
      labels: { app: 'market-data', component: props.name },
      scaling: { scalingMode: 'MANUAL', manualInstanceCount: 1 },
      template: {
        serviceAccount: props.serviceAccount.email,
        vpcAccess: props.vpc && {
          egress: 'PRIVATE_RANGES_ONLY',
          networkInterfaces: [{ network: props.vpc.network, subnetwork: props.vpc.subnetwork }],
        },
        containers: [
          {
            image: props.image,
            env: [
              ...Object.entries(props.environment).map(([name, value]) => ({ name, value })),
              ...props.secrets.map((s) => ({
                name: s.env,
                valueSource: { secretKeyRef: { secret: s.secretId, version: s.version } },
              })),
            ],
            resources: { limits: { cpu: props.cpu, memory: props.memory } },
          },
        ],
      },
      dependsOn: grants,
    });
  }
}
