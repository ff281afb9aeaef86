/**
 * Starts all four stand-ins for manual work and prints the environment to point the code at them:
 *   npx tsx dev/run-standins.ts            (Ctrl-C stops them)
 * Logs go to test-artifacts/standins/manual-<pid>/. Needs `bash dev/install.sh` first.
 */
import * as path from 'node:path';
import { kafkaSaslEnv } from '../test/harness/endpoints';
import { startStandIns } from './services';

async function main(): Promise<void> {
  const projectId = process.env.TEST_GCP_PROJECT || 'test-project';
  const logDir = path.join(__dirname, '..', 'test-artifacts', 'standins', `manual-${process.pid}`);
  const standIns = await startStandIns({ projectId, logDir, kafkaSaslSsl: true });
  const sasl = standIns.kafka.saslSsl!;
  process.stdout.write(
    [
      `# stand-ins ready in ${standIns.readyInMs} ms; logs in ${logDir}`,
      `export TEST_GCP_PROJECT=${projectId}`,
      `export TEST_KAFKA_BROKERS=${standIns.kafka.brokers.join(',')}`,
      ...Object.entries(kafkaSaslEnv(sasl)).map(([name, value]) => `export ${name}=${value}`),
      `# a SASL_SSL client: KAFKA_BROKERS=${sasl.brokers.join(',')} KAFKA_SECURITY_PROTOCOL=SASL_SSL KAFKA_SSL_CA_FILE=${sasl.caFile} KAFKA_SASL_MECHANISM=scram-sha-512 KAFKA_SASL_USERNAME=${sasl.scram.username} KAFKA_SASL_PASSWORD=$TEST_KAFKA_SASL_SCRAM_PASSWORD`,
      `export TEST_GCS_ENDPOINT=${standIns.gcs.apiEndpoint}`,
      `export TEST_BIGQUERY_ENDPOINT=${standIns.bigquery.apiEndpoint}`,
      `export PUBSUB_EMULATOR_HOST=${standIns.pubsub.host}`,
      'export METADATA_SERVER_DETECTION=none',
      '# Ctrl-C to stop',
      '',
    ].join('\n'),
  );
  const stop = (): void => {
    void standIns.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
