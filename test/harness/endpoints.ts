import { closeSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KafkaSaslSslEndpoint } from '../../dev/services';

/**
 * Where the stand-ins started by test/harness/global-setup.ts listen. Global set-up writes these
 * variables before jest forks its workers, so every integration test reads the same live services.
 *
 * TEST_GCS_ENDPOINT       fake-gcs-server, e.g. http://127.0.0.1:4443
 * TEST_BIGQUERY_ENDPOINT  bigquery-emulator REST, e.g. http://127.0.0.1:9050
 * TEST_KAFKA_BROKERS      comma-separated host:port of the KRaft broker (PLAINTEXT listener)
 * TEST_KAFKA_SASL_*       the same broker's SASL_SSL listener (see testKafkaSasl)
 * PUBSUB_EMULATOR_HOST    host:port of the Pub/Sub emulator (the name @google-cloud/pubsub reads)
 * TEST_GCP_PROJECT        the project id every emulator is started with
 */
export interface TestEndpoints {
  gcsApiEndpoint: string;
  bigqueryApiEndpoint: string;
  kafkaBrokers: string[];
  pubsubEmulatorHost: string;
  projectId: string;
}

export function testEndpoints(env: NodeJS.ProcessEnv = process.env): TestEndpoints {
  const endpoints = readEndpoints(env);
  return { ...endpoints, bigqueryApiEndpoint: claimBigQueryEmulator(env) ?? endpoints.bigqueryApiEndpoint };
}

let claimed: string | undefined;

/**
 * The emulator of this test file's own from TEST_BIGQUERY_POOL (see global-setup.ts for why):
 * the first one no other file has claimed, taken with an exclusive create so parallel workers
 * never share; once all are taken, files share by round robin. jest loads this module anew for
 * every test file, so one claim lasts one file.
 */
function claimBigQueryEmulator(env: NodeJS.ProcessEnv): string | undefined {
  const pool = env.TEST_BIGQUERY_POOL?.split(',').filter((e) => e !== '') ?? [];
  const dir = env.TEST_BIGQUERY_CLAIMS_DIR;
  if (claimed !== undefined || pool.length === 0 || !dir) return claimed;
  for (let i = 0; i < pool.length; i += 1) {
    try {
      closeSync(openSync(join(dir, `${i}`), 'wx'));
      return (claimed = pool[i]);
    } catch {
      // taken by another file
    }
  }
  const overflow = readdirSync(dir).length;
  closeSync(openSync(join(dir, `overflow-${process.pid}-${overflow}`), 'w'));
  return (claimed = pool[overflow % pool.length]);
}

function readEndpoints(env: NodeJS.ProcessEnv): TestEndpoints {
  const missing = [
    'TEST_GCS_ENDPOINT',
    'TEST_BIGQUERY_ENDPOINT',
    'TEST_KAFKA_BROKERS',
    'PUBSUB_EMULATOR_HOST',
    'TEST_GCP_PROJECT',
  ].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `Integration tests need the stand-ins from test/harness/global-setup.ts; unset: ${missing.join(', ')}. Run them with 'make test' or 'npx jest --selectProjects integration'.`,
    );
  }
  return {
    gcsApiEndpoint: env.TEST_GCS_ENDPOINT!,
    bigqueryApiEndpoint: env.TEST_BIGQUERY_ENDPOINT!,
    kafkaBrokers: env.TEST_KAFKA_BROKERS!.split(','),
    pubsubEmulatorHost: env.PUBSUB_EMULATOR_HOST!,
    projectId: env.TEST_GCP_PROJECT!,
  };
}

/** A name no other test uses: one topic, bucket, dataset or prefix per test, as kafkajs's own suites do. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * The shared broker's SASL_SSL listener (a self-signed certificate; PLAIN, SCRAM-SHA-256/512 and
 * unsecured-JWT OAUTHBEARER), as global set-up publishes it:
 *
 * TEST_KAFKA_SASL_BROKERS          host:port of the SASL_SSL listener (KAFKA_BROKERS for a client)
 * TEST_KAFKA_SASL_CA_FILE          PEM of its certificate (KAFKA_SSL_CA_FILE)
 * TEST_KAFKA_SASL_PLAIN_USERNAME   a PLAIN user, and TEST_KAFKA_SASL_PLAIN_PASSWORD its password
 * TEST_KAFKA_SASL_SCRAM_USERNAME   a SCRAM-SHA-256/512 user, and TEST_KAFKA_SASL_SCRAM_PASSWORD
 * TEST_KAFKA_SASL_OAUTH_PRINCIPAL  a subject for oauthbearer-unsecured-dev-only tokens
 *
 * Passwords are random for each run.
 */
export type TestKafkaSasl = KafkaSaslSslEndpoint;

const SASL_VARIABLES = [
  'TEST_KAFKA_SASL_BROKERS',
  'TEST_KAFKA_SASL_CA_FILE',
  'TEST_KAFKA_SASL_PLAIN_USERNAME',
  'TEST_KAFKA_SASL_PLAIN_PASSWORD',
  'TEST_KAFKA_SASL_SCRAM_USERNAME',
  'TEST_KAFKA_SASL_SCRAM_PASSWORD',
  'TEST_KAFKA_SASL_OAUTH_PRINCIPAL',
] as const;

/** The variables above for `endpoint` (global set-up writes them). */
export function kafkaSaslEnv(
  endpoint: KafkaSaslSslEndpoint | undefined,
): Partial<Record<(typeof SASL_VARIABLES)[number], string>> {
  if (!endpoint) return {};
  return {
    TEST_KAFKA_SASL_BROKERS: endpoint.brokers.join(','),
    TEST_KAFKA_SASL_CA_FILE: endpoint.caFile,
    TEST_KAFKA_SASL_PLAIN_USERNAME: endpoint.plain.username,
    TEST_KAFKA_SASL_PLAIN_PASSWORD: endpoint.plain.password,
    TEST_KAFKA_SASL_SCRAM_USERNAME: endpoint.scram.username,
    TEST_KAFKA_SASL_SCRAM_PASSWORD: endpoint.scram.password,
    TEST_KAFKA_SASL_OAUTH_PRINCIPAL: endpoint.oauthPrincipal,
  };
}

/** The shared broker's SASL_SSL listener; throws, naming the missing variables, outside the integration run. */
export function testKafkaSasl(env: NodeJS.ProcessEnv = process.env): TestKafkaSasl {
  const missing = SASL_VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0)
    throw new Error(`The SASL_SSL listener comes from test/harness/global-setup.ts; unset: ${missing.join(', ')}.`);
  const brokers = env.TEST_KAFKA_SASL_BROKERS!.split(',');
  return {
    brokers,
    port: Number(brokers[0]!.split(':').pop()),
    caFile: env.TEST_KAFKA_SASL_CA_FILE!,
    plain: { username: env.TEST_KAFKA_SASL_PLAIN_USERNAME!, password: env.TEST_KAFKA_SASL_PLAIN_PASSWORD! },
    scram: { username: env.TEST_KAFKA_SASL_SCRAM_USERNAME!, password: env.TEST_KAFKA_SASL_SCRAM_PASSWORD! },
    oauthPrincipal: env.TEST_KAFKA_SASL_OAUTH_PRINCIPAL!,
  };
}
