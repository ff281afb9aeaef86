import { Kafka, logLevel } from 'kafkajs';

/**
 * One readiness check through the real client: metadata (listTopics), a group coordinator lookup
 * (describeGroups; it hangs on a single node whose internal topics want 3 replicas) and an
 * idempotent producer's InitProducerId (answered "coordinator is loading" for a while after a
 * cold start). No retries inside; the caller polls. Rejects with kafkajs's error when not ready.
 */
export async function kafkaAnswers(brokers: string[]): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'standin-readiness-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  // kafkajs refuses an idempotent producer without retries; one quick retry keeps polls short.
  const producer = kafka.producer({
    idempotent: true,
    retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 200 },
  });
  try {
    await admin.connect();
    await admin.listTopics();
    await admin.describeGroups(['standin-readiness-probe']);
    await producer.connect();
    return true;
  } finally {
    await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  }
}

/** How {@link kafkaSaslAnswers} authenticates: TLS trusting `ca` (PEM), then SCRAM-SHA-512. */
export interface SaslProbeCredentials {
  ca: string;
  username: string;
  password: string;
}

/**
 * One readiness check of the SASL_SSL listener through the real client: TLS handshake against
 * `ca`, SCRAM-SHA-512 login, metadata (listTopics). No retries inside; rejects when not ready.
 */
export async function kafkaSaslAnswers(brokers: string[], credentials: SaslProbeCredentials): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'standin-readiness-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
    ssl: { ca: [credentials.ca] },
    sasl: { mechanism: 'scram-sha-512', username: credentials.username, password: credentials.password },
  });
  const admin = kafka.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.listTopics();
    return true;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
