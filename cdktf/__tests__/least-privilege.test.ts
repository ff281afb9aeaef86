/**
 * Least privilege that works: each workload's grants are derived here from what its deployed code
 * constructs (the repo files esbuild put in its bundle), independently of the stacks, and compared
 * with the synthesized IAM both ways: a missing grant (the lake-sink once had no BigQuery role) and
 * an excess one both fail.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import type { DeployConfig } from '../config';
import { bundleFunctionSource, type FunctionSourceBuilder } from '../function-source';
import { PipelinesStack } from '../stacks/pipelines';
import { writeStreamerImageContext } from '../streamer-image';
import {
  ALL_VERSIONS,
  allResources,
  resourcesOf,
  synthPipelines,
  synthStreaming,
  testConfig,
  type SynthJson,
} from './helpers';

const repoRoot = join(__dirname, '..', '..');

/** Files whose presence in a bundle means the code writes warehouse tables (the run ledger, the stream sinks). */
const WAREHOUSE_WRITERS = [
  'shared/pipelines/loop/run-ledger.ts',
  'streamer/consumers/lake-sink/sink.ts',
  'streamer/consumers/analyst/sink.ts',
];

/** The grants a bundle's code needs, as `role@scope`. */
function neededGrants(inputs: readonly string[], config: DeployConfig, secretIds: readonly string[]): string[] {
  const has = (prefix: string) => inputs.some((file) => file.startsWith(prefix));
  const needs: string[] = [];
  if (has('shared/lake/gcs.ts')) needs.push(`roles/storage.objectUser@bucket:${config.lake.bucket}`);
  if (has('shared/warehouse/bigquery/')) {
    needs.push(`roles/bigquery.jobUser@project:${config.projectId}`);
    needs.push(
      `${WAREHOUSE_WRITERS.some(has) ? 'roles/bigquery.dataEditor' : 'roles/bigquery.dataViewer'}@dataset:${config.warehouse.dataset}`,
    );
  }
  if (has('shared/events/pubsub.ts')) needs.push('roles/pubsub.publisher@topic:news-signals');
  if (has('shared/stream/kafka.ts') && config.streaming?.kafka.mode === 'managed')
    needs.push(`roles/managedkafka.client@project:${config.projectId}`);
  for (const id of secretIds) needs.push(`roles/secretmanager.secretAccessor@secret:${id}`);
  return needs.sort();
}

/** The grants the synthesized stack gives the service account whose logical name is `account`, as `role@scope`. */
function grantedTo(json: SynthJson, account: string): string[] {
  return allResources(json)
    .filter(
      ([type, , args]) =>
        /_iam_member$/.test(type) && String(args.member).includes(`google_service_account.${account}.email`),
    )
    .map(([type, , args]) => {
      const scope =
        type === 'google_project_iam_member'
          ? `project:${args.project}`
          : type === 'google_storage_bucket_iam_member'
            ? `bucket:${args.bucket}`
            : type === 'google_bigquery_dataset_iam_member'
              ? `dataset:${args.dataset_id}`
              : type === 'google_pubsub_topic_iam_member'
                ? `topic:${args.topic}`
                : type === 'google_secret_manager_secret_iam_member'
                  ? `secret:${args.secret_id}`
                  : `${type}:?`;
      return `${args.role}@${scope}`;
    })
    .sort();
}

/** The logical name of the account in `email` (`${google_service_account.NAME.email}`). */
const accountOf = (email: string) => /google_service_account\.([\w-]+)\.email/.exec(email)![1]!;

describe('least privilege, derived from the deployed code', () => {
  const out = mkdtempSync(join(tmpdir(), 'least-privilege-'));
  const inputsByFunction = new Map<string, readonly string[]>();
  const sourceFor: FunctionSourceBuilder = (entry) => {
    const bundle = bundleFunctionSource(entry, { repoRoot, outDir: out });
    inputsByFunction.set(entry.name, bundle.inputs);
    return bundle.dir;
  };

  it.each([
    ['yahoo prices, managed Kafka', testConfig()],
    [
      'polygon prices, external Kafka',
      testConfig({
        pipelines: { prices: { settings: { PRICES_PROVIDER: 'polygon' } } },
        streaming: {
          kafka: { mode: 'external', brokers: ['k.example.com:9093'], saslMechanism: 'plain', username: 'u' },
        },
      }),
    ],
  ])('every function holds exactly what its code needs (%s)', (_label, config) => {
    const json = JSON.parse(
      Testing.synth(
        new PipelinesStack(Testing.app(), 'pipelines', { config, secretVersions: ALL_VERSIONS, sourceFor }),
      ),
    ) as SynthJson;
    const functions = resourcesOf(json, 'google_cloudfunctions2_function');
    expect(functions.length).toBe(config.pipelines.length + 1);
    for (const [, fn] of functions) {
      const name = fn.name as string;
      const inputs = inputsByFunction.get(name);
      expect({ name, bundled: inputs !== undefined }).toEqual({ name, bundled: true });
      const secretIds = ((fn.service_config.secret_environment_variables ?? []) as { secret: string }[]).map(
        (s) => s.secret,
      );
      const account = accountOf(fn.service_config.service_account_email);
      expect({ name, grants: grantedTo(json, account) }).toEqual({
        name,
        grants: neededGrants(inputs!, config, secretIds),
      });
    }
  });

  it.each([
    ['managed Kafka', testConfig()],
    [
      'external Kafka',
      testConfig({
        streaming: {
          kafka: { mode: 'external', brokers: ['k.example.com:9093'], saslMechanism: 'scram-sha-512', username: 'u' },
        },
      }),
    ],
  ])(
    'the stream worker pool holds exactly what its code needs (%s): BigQuery for the lake-sink too',
    (_label, config) => {
      const { inputs } = writeStreamerImageContext(repoRoot, join(out, 'image'));
      const { json } = synthStreaming(config);
      const [[, pool]] = resourcesOf(json, 'google_cloud_run_v2_worker_pool') as [[string, Record<string, any>]];
      const secretIds = (
        pool.template.containers[0].env as { value_source?: { secret_key_ref: { secret: string } } }[]
      ).flatMap((e) => (e.value_source ? [e.value_source.secret_key_ref.secret] : []));
      const needed = neededGrants(inputs, config, secretIds);
      expect(needed).toEqual(
        expect.arrayContaining([
          `roles/bigquery.dataEditor@dataset:market_data`,
          'roles/bigquery.jobUser@project:market-data-test',
        ]),
      );
      expect(grantedTo(json, accountOf(pool.template.service_account))).toEqual(needed);
    },
  );

  it('the comparison fails on a missing grant and on an excess one', () => {
    const config = testConfig();
    const { json } = synthPipelines(config);
    const [, fn] = resourcesOf(json, 'google_cloudfunctions2_function').find(([, f]) => f.name === 'prices')!;
    const granted = grantedTo(json, accountOf(fn.service_config.service_account_email));
    const withPubSub = neededGrants(
      [
        'shared/lake/gcs.ts',
        'shared/warehouse/bigquery/warehouse.ts',
        'shared/pipelines/loop/run-ledger.ts',
        'shared/events/pubsub.ts',
      ],
      config,
      [],
    );
    expect(granted).not.toEqual(withPubSub);
    const readOnly = neededGrants(['shared/lake/gcs.ts', 'shared/warehouse/bigquery/warehouse.ts'], config, []);
    expect(granted).not.toEqual(readOnly);
    expect(granted).toEqual(
      neededGrants(
        ['shared/lake/gcs.ts', 'shared/warehouse/bigquery/warehouse.ts', 'shared/pipelines/loop/run-ledger.ts'],
        config,
        [],
      ),
    );
  });
});
