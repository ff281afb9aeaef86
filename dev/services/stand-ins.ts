import { startBigQueryEmulator, type BigQueryEmulatorHandle } from './bigquery-emulator';
import { startFakeGcs, type FakeGcsHandle } from './fake-gcs';
import { startKafkaBroker, type KafkaBrokerHandle } from './kafka';
import { startPubSubEmulator, type PubSubEmulatorHandle } from './pubsub-emulator';
import { standInPaths, type StandInPaths } from './paths';

/** Options for {@link startStandIns}. */
export interface StandInsOptions {
  /** Project id the BigQuery emulator serves (and clients should pass everywhere). */
  projectId: string;
  /** Folder for all stand-in logs. */
  logDir?: string;
  paths?: StandInPaths;
  /** Give the broker its SASL_SSL listener too (`kafka.saslSsl` of the result). Default false. */
  kafkaSaslSsl?: boolean;
}

/** All four stand-ins, each with its own handle, plus one stop for all. */
export interface StandIns {
  kafka: KafkaBrokerHandle;
  gcs: FakeGcsHandle;
  bigquery: BigQueryEmulatorHandle;
  pubsub: PubSubEmulatorHandle;
  /** Milliseconds from call to all four ready. */
  readyInMs: number;
  /** Stops all four in parallel (the broker's temp data dir is removed); never throws for one. */
  stop(): Promise<void>;
}

/**
 * Starts Kafka, fake-gcs-server, bigquery-emulator and the Pub/Sub emulator in parallel and
 * resolves when all answer. If any fails, the ones that did start are stopped and the first error
 * is rethrown (with its log tail); other failures are appended to its message.
 */
export async function startStandIns(options: StandInsOptions): Promise<StandIns> {
  const started = Date.now();
  const common = { logDir: options.logDir, paths: options.paths ?? standInPaths() };
  const results = await Promise.allSettled([
    startKafkaBroker({ ...common, saslSsl: options.kafkaSaslSsl }),
    startFakeGcs(common),
    startBigQueryEmulator({ ...common, projectId: options.projectId }),
    startPubSubEmulator(common),
  ] as const);
  const [kafka, gcs, bigquery, pubsub] = results;
  if (
    kafka.status === 'fulfilled' &&
    gcs.status === 'fulfilled' &&
    bigquery.status === 'fulfilled' &&
    pubsub.status === 'fulfilled'
  ) {
    const stopAll = async (): Promise<void> => {
      await Promise.allSettled([
        kafka.value.stop({ removeData: true }),
        gcs.value.stop(),
        bigquery.value.stop(),
        pubsub.value.stop(),
      ]);
    };
    return {
      kafka: kafka.value,
      gcs: gcs.value,
      bigquery: bigquery.value,
      pubsub: pubsub.value,
      readyInMs: Date.now() - started,
      stop: stopAll,
    };
  }
  await Promise.allSettled([
    kafka.status === 'fulfilled' ? kafka.value.stop({ removeData: true }) : undefined,
    ...[gcs, bigquery, pubsub].map((result) => (result.status === 'fulfilled' ? result.value.stop() : undefined)),
  ]);
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as Error] : []));
  const first = errors[0]!;
  if (errors.length > 1)
    first.message += `\n\nAlso failed:\n${errors
      .slice(1)
      .map((e) => e.message)
      .join('\n\n')}`;
  throw first;
}
