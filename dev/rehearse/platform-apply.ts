/**
 * The platform stack's data resources, created on the stand-ins from their synthesized arguments
 * (what `terraform apply` would send Google): the lake bucket on fake-gcs-server, the dataset and
 * every table (schema, DAY partitioning, clustering) on bigquery-emulator, the Pub/Sub topics on
 * the Pub/Sub emulator. Views are left out: the emulator does not run view DDL. The runtime then
 * meets the tables as Terraform made them, and checks their partitioning against its own
 * definitions (shared/warehouse/bigquery/warehouse.ts).
 */
import { BigQuery } from '@google-cloud/bigquery';
import { PubSub } from '@google-cloud/pubsub';
import { Storage } from '@google-cloud/storage';
import type { StackJson } from './synthesized';

/** Where the stand-ins listen. */
export interface EmulatorEndpoints {
  readonly projectId: string;
  readonly gcsApiEndpoint: string;
  readonly bigqueryApiEndpoint: string;
  readonly pubsubEmulatorHost: string;
}

/** What was created, for the rehearsal's report. */
export interface AppliedPlatform {
  readonly buckets: readonly string[];
  readonly dataset: string;
  readonly tables: readonly string[];
  readonly topics: readonly string[];
}

const resources = (stack: StackJson, type: string) => Object.values(stack.resource[type] ?? {});

/**
 * BigQuery takes the legacy type names as aliases of the standard ones ("FLOAT (or FLOAT64)",
 * https://cloud.google.com/bigquery/docs/reference/rest/v2/tables#TableFieldSchema) and answers
 * with the legacy ones, which is why cdktf/constructs/bq-table.ts declares them. bigquery-emulator
 * v0.8.1 keeps FLOAT apart from FLOAT64 and then refuses a FLOAT64 value in a MERGE, so the
 * rehearsal sends the standard name BigQuery itself would store.
 */
const STANDARD_TYPE: Readonly<Record<string, string>> = { INTEGER: 'INT64', FLOAT: 'FLOAT64', BOOLEAN: 'BOOL' };

/** Creates the platform stack's buckets, dataset, tables and topics on the stand-ins. */
export async function applyPlatform(stack: StackJson, endpoints: EmulatorEndpoints): Promise<AppliedPlatform> {
  const storage = new Storage({ projectId: endpoints.projectId, apiEndpoint: endpoints.gcsApiEndpoint });
  const buckets = resources(stack, 'google_storage_bucket').map((b) => b.name as string);
  for (const name of buckets) await storage.createBucket(name);

  const bigquery = new BigQuery({ projectId: endpoints.projectId, apiEndpoint: endpoints.bigqueryApiEndpoint });
  const [datasetArgs] = resources(stack, 'google_bigquery_dataset');
  if (datasetArgs === undefined) throw new Error('the platform stack declares no dataset');
  const [dataset] = await bigquery.createDataset(datasetArgs.dataset_id, { location: datasetArgs.location });
  const tables: string[] = [];
  for (const table of resources(stack, 'google_bigquery_table')) {
    if (table.view !== undefined) continue;
    await dataset.createTable(table.table_id, {
      schema: {
        fields: (JSON.parse(table.schema as string) as { type: string }[]).map((field) => ({
          ...field,
          type: STANDARD_TYPE[field.type] ?? field.type,
        })),
      },
      ...(table.time_partitioning
        ? { timePartitioning: { type: table.time_partitioning.type, field: table.time_partitioning.field } }
        : {}),
      ...(table.clustering ? { clustering: { fields: table.clustering } } : {}),
      ...(table.require_partition_filter ? { requirePartitionFilter: true } : {}),
      description: table.description,
    });
    tables.push(table.table_id);
  }

  // The emulator channel is insecure: nothing is signed with these, and without any google-auth
  // would probe the metadata server (as shared/events/pubsub.ts explains).
  const pubsub = new PubSub({
    projectId: endpoints.projectId,
    apiEndpoint: endpoints.pubsubEmulatorHost,
    emulatorMode: true,
    credentials: { client_email: 'emulator@localhost', private_key: 'unused' },
  });
  const topics = resources(stack, 'google_pubsub_topic').map((t) => t.name as string);
  for (const name of topics) await pubsub.createTopic(name);
  await pubsub.close();
  return { buckets, dataset: datasetArgs.dataset_id, tables, topics };
}
