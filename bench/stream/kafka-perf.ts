/**
 * Kafka's own perf tools (the classes behind kafka-producer-perf-test.sh and
 * kafka-consumer-perf-test.sh, from the broker's jars) run against a broker, for the broker's limit.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Where the tools run. */
export interface PerfTarget {
  /** `-cp` value: dev/services `kafkaClasspath()`. */
  classpath: string;
  /** log4j 1 config keeping the tools quiet. */
  log4jConfig: string;
  /** host:port of the broker. */
  bootstrap: string;
  java?: string;
}

const run = promisify(execFile);

async function runTool(target: PerfTarget, mainClass: string, args: string[], timeoutMs: number): Promise<string> {
  const jvm = ['-Xmx512m', `-Dlog4j.configuration=file:${target.log4jConfig}`, '-cp', target.classpath, mainClass];
  const { stdout } = await run(target.java ?? 'java', [...jvm, ...args], {
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Records/s from ProducerPerformance's summary line ("N records sent, R records/sec (...)"). */
export function parseProducerPerf(stdout: string): number {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => /records sent/.test(l));
  const match = /records sent, ([\d.]+) records\/sec/.exec(lines[lines.length - 1] ?? '');
  if (!match) throw new Error(`no ProducerPerformance summary in: ${stdout.slice(-500)}`);
  return Number(match[1]);
}

/**
 * Messages/s from ConsumerPerformance's CSV (header then values): `fetch.nMsg.sec`, the rate while
 * fetching (the group's join/rebalance time excluded, as the broker's limit should be).
 */
export function parseConsumerPerf(stdout: string): number {
  const lines = stdout
    .trim()
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const headerAt = lines.findIndex((l) => l.startsWith('start.time'));
  if (headerAt < 0 || !lines[headerAt + 1]) throw new Error(`no ConsumerPerformance result in: ${stdout.slice(-500)}`);
  const header = lines[headerAt]!.split(',').map((h) => h.trim());
  const values = lines[headerAt + 1]!.split(',').map((v) => v.trim());
  const value = Number(values[header.indexOf('fetch.nMsg.sec')]);
  if (!Number.isFinite(value)) throw new Error(`unreadable ConsumerPerformance line: ${lines[headerAt + 1]}`);
  return value;
}

/** ProducerPerformance at full speed with acks=all and idempotence (as our producer): records/s. */
export async function producerPerf(
  target: PerfTarget,
  topic: string,
  records: number,
  recordSize: number,
  timeoutMs = 180_000,
): Promise<number> {
  const stdout = await runTool(
    target,
    'org.apache.kafka.tools.ProducerPerformance',
    [
      '--topic',
      topic,
      '--num-records',
      String(records),
      '--record-size',
      String(recordSize),
      '--throughput',
      '-1',
      '--producer-props',
      `bootstrap.servers=${target.bootstrap}`,
      'acks=all',
      'enable.idempotence=true',
    ],
    timeoutMs,
  );
  return parseProducerPerf(stdout);
}

/** ConsumerPerformance reading `messages` records of `topic` in a new group: messages/s. */
export async function consumerPerf(
  target: PerfTarget,
  topic: string,
  messages: number,
  group: string,
  timeoutMs = 180_000,
): Promise<number> {
  const stdout = await runTool(
    target,
    'org.apache.kafka.tools.ConsumerPerformance',
    [
      '--bootstrap-server',
      target.bootstrap,
      '--topic',
      topic,
      '--messages',
      String(messages),
      '--group',
      group,
      '--timeout',
      '60000',
    ],
    timeoutMs,
  );
  return parseConsumerPerf(stdout);
}
