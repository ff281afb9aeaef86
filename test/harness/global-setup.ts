import * as path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { startBigQueryEmulator, startStandIns } from '../../dev/services';
import { kafkaSaslEnv } from './endpoints';
import { standInLogDir } from './standin-logs';
import { keepStandIns } from './standin-registry';

/**
 * jest globalSetup of the `integration` project: starts the four real stand-ins in parallel and
 * publishes their endpoints as the environment variables test/harness/endpoints.ts reads. jest
 * forks its workers after this, so they inherit the variables. Fails the run (with each failing
 * stand-in's log tail) if one cannot start; binaries come from `bash dev/install.sh`.
 */
/** Emulators beyond the shared one: one for each BigQuery test file (about eight), so no two files share one. */
const SPARE_BIGQUERY_EMULATORS = 8;

export default async function globalSetup(_globalConfig: unknown, projectConfig?: { rootDir?: string }): Promise<void> {
  const rootDir = projectConfig?.rootDir ?? path.resolve(__dirname, '..', '..');
  const projectId = process.env.TEST_GCP_PROJECT || 'test-project';
  // Google clients must never probe the GCE metadata server (no traffic leaves the machine).
  process.env.METADATA_SERVER_DETECTION = 'none';
  const logDir = standInLogDir(rootDir);
  const [standIns, ...spareBigQueries] = await Promise.all([
    startStandIns({ projectId, logDir, kafkaSaslSsl: true }),
    // goccy/bigquery-emulator v0.8.1 leaks memory in its SQL engine on every table it creates or
    // drops and, after some dozens of jobs, panics ("slice bounds out of range") for good. So each
    // BigQuery test file claims an emulator of its own from this pool (endpoints.ts).
    ...Array.from({ length: SPARE_BIGQUERY_EMULATORS }, () => startBigQueryEmulator({ projectId, logDir })),
  ] as const);
  const stopSpares = () => Promise.all(spareBigQueries.map((emulator) => emulator.stop())).then(() => undefined);
  keepStandIns({ ...standIns, stop: async () => (await Promise.all([standIns.stop(), stopSpares()]), undefined) });

  process.env.TEST_GCP_PROJECT = projectId;
  process.env.TEST_KAFKA_BROKERS = standIns.kafka.brokers.join(',');
  Object.assign(process.env, kafkaSaslEnv(standIns.kafka.saslSsl));
  process.env.TEST_GCS_ENDPOINT = standIns.gcs.apiEndpoint;
  process.env.TEST_BIGQUERY_ENDPOINT = standIns.bigquery.apiEndpoint;
  process.env.TEST_BIGQUERY_POOL = [standIns.bigquery, ...spareBigQueries]
    .map((emulator) => emulator.apiEndpoint)
    .join(',');
  process.env.TEST_BIGQUERY_CLAIMS_DIR = mkdtempSync(path.join(tmpdir(), 'bq-claims-'));
  process.env.PUBSUB_EMULATOR_HOST = standIns.pubsub.host;
  // Tests that start their own stand-in (e.g. a broker to restart) log beside the shared ones.
  process.env.TEST_STANDIN_LOG_DIR = logDir;

  const lines = [
    `kafka 3.9.1 (KRaft)       ${standIns.kafka.brokers.join(',')} (PLAINTEXT), ${standIns.kafka.saslSsl?.brokers.join(',')} (SASL_SSL)`,
    `fake-gcs-server v1.55.1   ${standIns.gcs.apiEndpoint}`,
    `bigquery-emulator v0.8.1  ${process.env.TEST_BIGQUERY_POOL} (project ${projectId}; one per test file)`,
    `pubsub-emulator (pstest)  ${standIns.pubsub.host}`,
  ];
  process.stdout.write(
    `\nstand-ins ready in ${standIns.readyInMs} ms (logs: ${path.relative(rootDir, logDir)}):\n${lines.map((l) => `  ${l}\n`).join('')}`,
  );
}
