import { Construct } from 'constructs';
import { CloudRunV2Service } from '@cdktf/provider-google/lib/cloud-run-v2-service';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { secretIdFor } from '../secret-names';
import { grantSecretAccess } from './secret';

/** Direct VPC egress into the subnet where the Kafka cluster's endpoints live. */
export interface VpcEgress {
  readonly network: string;
  readonly subnetwork: string;
}

/** Settings of one always-on Cloud Run service (the streamer or a consumer worker). */
export interface StreamerServiceProps {
  /** Service name, also the service-account id suffix (`run-<name>`). */
  readonly name: string;
  readonly region: string;
  readonly image: string;
  /** Which process the shared image runs: `producer`, `lake-sink`, `analyst` (env STREAMER_ROLE). */
  readonly role: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Secret environment variable names, read from Secret Manager secret `secretIdFor(name)`. */
  readonly secrets: readonly string[];
  readonly vpc: VpcEgress | undefined;
  readonly cpu: string;
  readonly memory: string;
  readonly deletionProtection: boolean;
}

/**
 * A long-lived Cloud Run service with its own service account: exactly one instance that is never
 * scaled to zero (min = max = 1) and whose CPU is always allocated (`cpu_idle = false`), because
 * it holds a websocket or a Kafka consumer-group membership between requests, which request-based
 * CPU would throttle. Internal ingress only: nothing calls it but its health checks. Grants the
 * account access to its own secrets; callers add the rest (bucket, dataset, topics).
 */
export class StreamerService extends Construct {
  readonly service: CloudRunV2Service;
  readonly serviceAccount: ServiceAccount;

  constructor(scope: Construct, id: string, props: StreamerServiceProps) {
    super(scope, id);
    const leaked = props.secrets.filter((name) => name in props.environment);
    if (leaked.length > 0) throw new Error(`Secret variable(s) ${leaked.join(', ')} passed as plain env to '${props.name}'`);
    this.serviceAccount = new ServiceAccount(this, 'sa', {
      accountId: `run-${props.name}`.slice(0, 30),
      displayName: `Cloud Run ${props.name}`,
    });
    const grants = props.secrets.map((name) =>
      grantSecretAccess(this, `secret-${secretIdFor(name)}`, secretIdFor(name), this.serviceAccount.email),
    );
    const env = [
      ...Object.entries({ ...props.environment, STREAMER_ROLE: props.role }).map(([name, value]) => ({ name, value })),
      ...props.secrets.map((name) => ({ name, valueSource: { secretKeyRef: { secret: secretIdFor(name), version: 'latest' } } })),
    ];
    this.service = new CloudRunV2Service(this, 'service', {
      name: props.name,
      location: props.region,
      ingress: 'INGRESS_TRAFFIC_INTERNAL_ONLY',
      deletionProtection: props.deletionProtection,
      labels: { app: 'market-data', role: props.role },
      template: {
        serviceAccount: this.serviceAccount.email,
        scaling: { minInstanceCount: 1, maxInstanceCount: 1 },
        vpcAccess: props.vpc && {
          egress: 'PRIVATE_RANGES_ONLY',
          networkInterfaces: [{ network: props.vpc.network, subnetwork: props.vpc.subnetwork }],
        },
        containers: [
          {
            image: props.image,
            env,
            ports: { containerPort: 8080 },
            resources: { cpuIdle: false, startupCpuBoost: true, limits: { cpu: props.cpu, memory: props.memory } },
          },
        ],
      },
      dependsOn: grants,
    });
  }
}
