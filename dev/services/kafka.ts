import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { kafkaServerProperties, newKafkaClusterId, type SaslSslListener } from './kafka-config';
import { kafkaAnswers, kafkaSaslAnswers } from './kafka-probe';
import { readOrCreateSaslUsers, scramFormatArgs, type SaslUsers } from './kafka-sasl-users';
import { brokerCertificate } from './kafka-tls';
import type { LoggedProcess } from './logged-process';
import { defaultLogDir, type CommonStartOptions } from './options';
import { kafkaClasspath, standInPaths, type StandInPaths } from './paths';
import { retryOnPickedPortClash } from './picked-ports';
import { startReady } from './start-ready';

/** Options for {@link startKafkaBroker}. */
export interface KafkaBrokerOptions extends CommonStartOptions {
  /** Folder for the broker's data and config. Default: a new temp folder. Kept by stop(). */
  dataDir?: string;
  /** KRaft controller port on 127.0.0.1; free one when omitted. */
  controllerPort?: number;
  /**
   * Also open a SASL_SSL client listener (a self-signed certificate for 127.0.0.1; PLAIN, SCRAM and
   * unsecured-JWT OAUTHBEARER), described by the handle's `saslSsl`. PLAINTEXT stays for everything
   * else. Default false.
   */
  saslSsl?: boolean;
  /** Port of the SASL_SSL listener on 127.0.0.1; free one when omitted. */
  saslSslPort?: number;
}

/** A SASL user of the dev broker. The password is random per data dir. */
export interface KafkaSaslUser {
  username: string;
  password: string;
}

/** Where and how a client reaches the SASL_SSL listener. */
export interface KafkaSaslSslEndpoint {
  /** ["127.0.0.1:<port>"]: the brokers for a SASL_SSL client (KAFKA_BROKERS). */
  brokers: string[];
  port: number;
  /** PEM file of the listener's self-signed certificate: the client's KAFKA_SSL_CA_FILE. */
  caFile: string;
  /** A user for KAFKA_SASL_MECHANISM=plain. */
  plain: KafkaSaslUser;
  /** A user for KAFKA_SASL_MECHANISM=scram-sha-512 (and scram-sha-256), same name and password. */
  scram: KafkaSaslUser;
  /**
   * KAFKA_SASL_MECHANISM=oauthbearer-unsecured-dev-only needs no password: the broker's unsecured
   * validator accepts any unsigned token with a subject. This is a subject name to use.
   */
  oauthPrincipal: string;
}

/** A running single-node KRaft broker (Apache Kafka 3.9.1). */
export interface KafkaBrokerHandle {
  /** ["127.0.0.1:<port>"]: the `brokers` option for kafkajs (PLAINTEXT). */
  brokers: string[];
  port: number;
  /** The SASL_SSL listener, when started with `saslSsl: true`. */
  saslSsl?: KafkaSaslSslEndpoint;
  controllerPort: number;
  dataDir: string;
  logFile: string;
  /**
   * Graceful stop (SIGTERM; SIGKILL after 30 s) and wait for exit. Keeps the data dir so
   * restart() can follow unless `removeData` is set. Safe to call when already stopped.
   */
  stop(options?: { removeData?: boolean }): Promise<void>;
  /** SIGKILL (a crash: no controlled shutdown, no flush) and wait for exit. */
  kill(): Promise<void>;
  /** Stops the broker if it runs, then starts it on the same ports and data dir and waits until ready. */
  restart(): Promise<void>;
}

const JVM_OPTIONS = [
  '-Xmx512m',
  '-Xms128m',
  // kafka-run-class.sh's defaults, minus what needs a bigger heap.
  '-XX:+UseG1GC',
  '-XX:MaxGCPauseMillis=20',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djava.awt.headless=true',
];

function javaBinary(env: NodeJS.ProcessEnv): string {
  return env.JAVA_HOME ? path.join(env.JAVA_HOME, 'bin', 'java') : 'java';
}

/**
 * Writes the KRaft bootstrap metadata once, with the SCRAM users in it; a data dir that has it is
 * reused as is.
 */
async function formatStorage(
  paths: StandInPaths,
  propertiesFile: string,
  kraftDir: string,
  logFile: string,
  users: SaslUsers | undefined,
): Promise<void> {
  if (fs.existsSync(path.join(kraftDir, 'meta.properties'))) return;
  const args = [
    '-Xmx256m',
    `-Dlog4j.configuration=file:${paths.kafkaLog4jConfig}`,
    '-cp',
    kafkaClasspath(paths),
    'kafka.tools.StorageTool',
    'format',
    '-t',
    newKafkaClusterId(),
    '-c',
    propertiesFile,
    '--ignore-formatted',
    ...scramFormatArgs(users),
  ];
  try {
    const { stdout, stderr } = await promisify(execFile)(javaBinary(process.env), args, { timeout: 60_000 });
    fs.appendFileSync(logFile, `--- kafka-storage format\n${stdout}${stderr}`);
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    // The command line holds the SCRAM passwords: report the failure without it.
    throw new Error(
      `kafka-storage format failed (exit ${String((failure as { code?: unknown }).code)})\n${failure.stdout ?? ''}${failure.stderr ?? ''}`,
    );
  }
}

/**
 * Starts Apache Kafka 3.9.1 as one KRaft node (broker and controller) on 127.0.0.1 from the jars
 * dev/install.sh resolved, and resolves once kafkajs can list topics and find a group coordinator.
 * Throws if the jars are missing, java is missing, the JVM exits early or is not ready in time
 * (default 90 s); the error carries the log tail. A clash on picked ports is retried on new ones
 * (picked-ports.ts). A failed start leaves the data dir as it found it: a temp one is removed, and
 * a given one loses the KRaft storage this start formatted, so a retry formats afresh.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBrokerHandle> {
  const picked =
    options.port === undefined && options.controllerPort === undefined && options.saslSslPort === undefined;
  return retryOnPickedPortClash(picked, () => startOnce(options));
}

async function startOnce(options: KafkaBrokerOptions): Promise<KafkaBrokerHandle> {
  const paths = options.paths ?? standInPaths();
  const classpath = kafkaClasspath(paths);
  const pickPort = options.pickPort ?? freePort;
  const port = options.port ?? (await pickPort());
  const controllerPort = options.controllerPort ?? (await pickPort());
  const saslSslPort = options.saslSsl ? (options.saslSslPort ?? (await pickPort())) : undefined;
  // Started now, awaited after the storage format: the two JVM runs overlap on a machine's first start.
  const certificate = options.saslSsl ? brokerCertificate(paths.cacheDir) : undefined;
  certificate?.catch(() => undefined);
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'market-data-kafka-'));
  const kraftDir = path.join(dataDir, 'kraft');
  const formatsStorage = !fs.existsSync(path.join(kraftDir, 'meta.properties'));
  const propertiesFile = path.join(dataDir, 'server.properties');
  const logFile = path.join(options.logDir ?? defaultLogDir(), `kafka-${port}.log`);
  const brokers = [`127.0.0.1:${port}`];
  const timeoutMs = options.timeoutMs ?? 90_000;
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const layout = { port, controllerPort, logDir: kraftDir };
  fs.writeFileSync(propertiesFile, kafkaServerProperties(layout), { mode: 0o600 });

  let proc: LoggedProcess | undefined;
  let removed = false;
  let saslSsl: KafkaSaslSslEndpoint | undefined;
  let probe = () => kafkaAnswers(brokers);
  const launch = async (): Promise<void> => {
    if (removed) throw new Error(`kafka broker ${brokers[0]}: its data dir was removed by stop({ removeData: true })`);
    proc = await startReady(
      {
        name: `kafka broker ${brokers[0]}`,
        command: javaBinary(process.env),
        args: [
          ...JVM_OPTIONS,
          `-Dlog4j.configuration=file:${paths.kafkaLog4jConfig}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          propertiesFile,
        ],
        logFile,
      },
      { probe, timeoutMs, intervalMs: 250 },
    );
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = proc;
    proc = undefined;
    await running?.stop(signal, 30_000);
  };

  try {
    const users = options.saslSsl ? readOrCreateSaslUsers(dataDir, formatsStorage) : undefined;
    const [tls] = await Promise.all([certificate, formatStorage(paths, propertiesFile, kraftDir, logFile, users)]);
    if (tls && saslSslPort !== undefined) {
      if (!users)
        throw new Error(`kafka broker: ${dataDir} was formatted without SASL users; start SASL_SSL on a new data dir`);
      const listener: SaslSslListener = {
        port: saslSslPort,
        ...tls,
        plainUsers: { [users.plain.username]: users.plain.password },
      };
      fs.writeFileSync(propertiesFile, kafkaServerProperties({ ...layout, saslSsl: listener }), { mode: 0o600 });
      saslSsl = { brokers: [`127.0.0.1:${saslSslPort}`], port: saslSslPort, caFile: tls.caFile, ...users };
      const credentials = { ca: fs.readFileSync(tls.caFile, 'utf8'), ...users.scram };
      const saslBrokers = saslSsl.brokers;
      // Both listeners at once: the SASL_SSL check adds no wait to the PLAINTEXT one.
      probe = async () =>
        (await Promise.all([kafkaAnswers(brokers), kafkaSaslAnswers(saslBrokers, credentials)])).every(Boolean);
    }
    await launch();
  } catch (error) {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (formatsStorage) fs.rmSync(kraftDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers,
    port,
    saslSsl,
    controllerPort,
    dataDir,
    logFile,
    async stop(stopOptions = {}) {
      await halt('SIGTERM');
      if (stopOptions.removeData && !removed) {
        removed = true;
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
    kill: () => halt('SIGKILL'),
    async restart() {
      await halt('SIGTERM');
      await launch();
    },
  };
}
