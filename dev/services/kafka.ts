import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { kafkaServerProperties, newKafkaClusterId } from './kafka-config';
import { kafkaAnswers } from './kafka-probe';
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
}

/** A running single-node KRaft broker (Apache Kafka 3.9.1). */
export interface KafkaBrokerHandle {
  /** ["127.0.0.1:<port>"]: the `brokers` option for kafkajs. */
  brokers: string[];
  port: number;
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

/** Writes the KRaft bootstrap metadata once; a data dir that has it is reused as is. */
async function formatStorage(paths: StandInPaths, propertiesFile: string, kraftDir: string, logFile: string): Promise<void> {
  if (fs.existsSync(path.join(kraftDir, 'meta.properties'))) return;
  const args = ['-Xmx256m', `-Dlog4j.configuration=file:${paths.kafkaLog4jConfig}`, '-cp', kafkaClasspath(paths),
    'kafka.tools.StorageTool', 'format', '-t', newKafkaClusterId(), '-c', propertiesFile, '--ignore-formatted'];
  try {
    const { stdout, stderr } = await promisify(execFile)(javaBinary(process.env), args, { timeout: 60_000 });
    fs.appendFileSync(logFile, `--- kafka-storage format\n${stdout}${stderr}`);
  } catch (error) {
    const failure = error as Error & { stdout?: string; stderr?: string };
    throw new Error(`kafka-storage format failed: ${failure.message}\n${failure.stdout ?? ''}${failure.stderr ?? ''}`);
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
  const picked = options.port === undefined && options.controllerPort === undefined;
  return retryOnPickedPortClash(picked, () => startOnce(options));
}

async function startOnce(options: KafkaBrokerOptions): Promise<KafkaBrokerHandle> {
  const paths = options.paths ?? standInPaths();
  const classpath = kafkaClasspath(paths);
  const pickPort = options.pickPort ?? freePort;
  const port = options.port ?? (await pickPort());
  const controllerPort = options.controllerPort ?? (await pickPort());
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
  fs.writeFileSync(propertiesFile, kafkaServerProperties({ port, controllerPort, logDir: kraftDir }));

  let proc: LoggedProcess | undefined;
  let removed = false;
  const launch = async (): Promise<void> => {
    if (removed) throw new Error(`kafka broker ${brokers[0]}: its data dir was removed by stop({ removeData: true })`);
    await formatStorage(paths, propertiesFile, kraftDir, logFile);
    proc = await startReady(
      {
        name: `kafka broker ${brokers[0]}`,
        command: javaBinary(process.env),
        args: [...JVM_OPTIONS, `-Dlog4j.configuration=file:${paths.kafkaLog4jConfig}`, '-cp', classpath, 'kafka.Kafka', propertiesFile],
        logFile,
      },
      { probe: () => kafkaAnswers(brokers), timeoutMs, intervalMs: 250 },
    );
  };
  const halt = async (signal: NodeJS.Signals): Promise<void> => {
    const running = proc;
    proc = undefined;
    await running?.stop(signal, 30_000);
  };

  try {
    await launch();
  } catch (error) {
    if (ownsDataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    else if (formatsStorage) fs.rmSync(kraftDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers,
    port,
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
