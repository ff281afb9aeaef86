import { randomBytes } from 'node:crypto';

/** Ports and folders of one single-node KRaft broker. */
export interface KafkaNodeLayout {
  /** Client (PLAINTEXT) port on 127.0.0.1. */
  port: number;
  /** KRaft controller port on 127.0.0.1. */
  controllerPort: number;
  /** Folder Kafka keeps its logs (topic data and the metadata log) in. */
  logDir: string;
  /** A second client listener, SASL_SSL; omitted means PLAINTEXT only. */
  saslSsl?: SaslSslListener;
}

/** The SASL_SSL listener: its port, its TLS identity and its PLAIN users. */
export interface SaslSslListener {
  port: number;
  /** PKCS12 keystore with the broker's key and certificate. */
  keystoreFile: string;
  keystorePassword: string;
  /** PLAIN users, name -> password (SCRAM users live in the metadata log: `kafka-storage format --add-scram`). */
  plainUsers: Readonly<Record<string, string>>;
}

/** The SASL mechanisms the SASL_SSL listener enables, in Kafka's spelling. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'OAUTHBEARER'] as const;

/**
 * JAAS line per mechanism, for `listener.name.sasl_ssl.<mechanism>.sasl.jaas.config`. OAUTHBEARER
 * has no server callback handler configured, so Kafka validates with its unsecured-JWT validator
 * (OAuthBearerUnsecuredValidatorCallbackHandler): any unsigned token with `sub` and a future `exp`
 * passes. Good for proving the client's mechanism path, never for a real cluster. The broker's own
 * OAUTHBEARER login (it logs in for every listener mechanism) needs a subject claim, hence `broker`.
 */
function jaasConfigs(listener: SaslSslListener): Record<string, string> {
  const users = Object.entries(listener.plainUsers)
    .map(([name, password]) => ` user_${name}="${password}"`)
    .join('');
  return {
    plain: `org.apache.kafka.common.security.plain.PlainLoginModule required${users};`,
    'scram-sha-256': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    'scram-sha-512': 'org.apache.kafka.common.security.scram.ScramLoginModule required;',
    oauthbearer:
      'org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="broker";',
  };
}

function saslSslSettings(listener: SaslSslListener): Record<string, string> {
  const prefix = 'listener.name.sasl_ssl';
  return {
    [`${prefix}.ssl.keystore.type`]: 'PKCS12',
    [`${prefix}.ssl.keystore.location`]: listener.keystoreFile,
    [`${prefix}.ssl.keystore.password`]: listener.keystorePassword,
    [`${prefix}.sasl.enabled.mechanisms`]: SASL_MECHANISMS.join(','),
    ...Object.fromEntries(
      Object.entries(jaasConfigs(listener)).map(([mechanism, jaas]) => [
        `${prefix}.${mechanism}.sasl.jaas.config`,
        jaas,
      ]),
    ),
  };
}

/**
 * server.properties for a combined broker+controller node. Every internal topic has replication
 * factor 1: with the defaults (3) a single node never gets a group coordinator and consumers hang
 * with "The group coordinator is not available". Topics are never auto-created, so a test that
 * forgets to create its topic fails instead of silently getting one partition.
 */
export function kafkaServerProperties(layout: KafkaNodeLayout): string {
  const sasl = layout.saslSsl;
  const saslListener = sasl ? `,SASL_SSL://127.0.0.1:${sasl.port}` : '';
  const settings: Record<string, string | number> = {
    'process.roles': 'broker,controller',
    'node.id': 1,
    'controller.quorum.voters': `1@127.0.0.1:${layout.controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${layout.port},CONTROLLER://127.0.0.1:${layout.controllerPort}${saslListener}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${layout.port}${saslListener}`,
    'controller.listener.names': 'CONTROLLER',
    // Broker-to-controller traffic stays PLAINTEXT: only clients prove the SASL_SSL path.
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT${sasl ? ',SASL_SSL:SASL_SSL' : ''}`,
    ...(sasl ? saslSslSettings(sasl) : {}),
    'log.dirs': layout.logDir,
    'num.partitions': 1,
    'default.replication.factor': 1,
    'min.insync.replicas': 1,
    'offsets.topic.replication.factor': 1,
    // Fewer coordinator partitions than the default 50: creating them is most of a cold start here.
    'offsets.topic.num.partitions': 10,
    'transaction.state.log.replication.factor': 1,
    'transaction.state.log.min.isr': 1,
    'transaction.state.log.num.partitions': 10,
    'group.initial.rebalance.delay.ms': 0,
    // After a SIGKILL the restarted node may only register once the old incarnation's session
    // expires (default 9 s, seen as a 12 s "waiting for the controller to acknowledge" stall);
    // crash tests restart often, so the session is kept short while still tolerating GC pauses.
    'broker.heartbeat.interval.ms': 500,
    'broker.session.timeout.ms': 4000,
    'auto.create.topics.enable': 'false',
    'delete.topic.enable': 'true',
  };
  return `${Object.entries(settings)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n')}\n`;
}

/**
 * A KRaft cluster id: 16 random bytes in URL-safe base64 (22 characters), the format of
 * `kafka-storage random-uuid`. Like Kafka's own Uuid.randomUuid it never starts with '-', which
 * the storage tool would read as an option.
 */
export function newKafkaClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
