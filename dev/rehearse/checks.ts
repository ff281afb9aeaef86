/**
 * What the rehearsal reads back to decide it passed, through the same Google clients a user would
 * point at the real services: the run ledger and the stream tables in BigQuery, the stream's sink
 * objects in Cloud Storage.
 */
import { gunzipSync } from 'node:zlib';
import { BigQuery } from '@google-cloud/bigquery';
import { Storage } from '@google-cloud/storage';
import type { EmulatorEndpoints } from './platform-apply';

/** The newest ledger row of each pipeline: its status and error. */
export async function latestRuns(
  endpoints: EmulatorEndpoints,
  dataset: string,
): Promise<Map<string, { status: string; error: string | null }>> {
  const bigquery = new BigQuery({ projectId: endpoints.projectId, apiEndpoint: endpoints.bigqueryApiEndpoint });
  const [rows] = await bigquery.query({
    query: `SELECT pipeline, status, started_at, error_message FROM \`${endpoints.projectId}.${dataset}.ingestion_runs\` ORDER BY started_at`,
  });
  const latest = new Map<string, { status: string; error: string | null }>();
  for (const row of rows as { pipeline: string; status: string; error_message: string | null }[])
    latest.set(row.pipeline, { status: row.status, error: row.error_message });
  return latest;
}

/** Ids (as strings) of the rows of `table` whose `column` is in `ids`. */
export async function idsInTable(
  endpoints: EmulatorEndpoints,
  dataset: string,
  table: string,
  column: string,
  ids: readonly string[],
): Promise<string[]> {
  const bigquery = new BigQuery({ projectId: endpoints.projectId, apiEndpoint: endpoints.bigqueryApiEndpoint });
  const [rows] = await bigquery.query({
    query: `SELECT CAST(${column} AS STRING) AS id FROM \`${endpoints.projectId}.${dataset}.${table}\``,
  });
  return (rows as { id: string }[]).map((r) => r.id).filter((id) => ids.includes(id));
}

/** Names of the objects under `prefix` in `bucket` whose (gunzipped) content mentions `needle`. */
export async function objectsMentioning(
  endpoints: EmulatorEndpoints,
  bucket: string,
  prefix: string,
  needle: string,
): Promise<string[]> {
  const storage = new Storage({ projectId: endpoints.projectId, apiEndpoint: endpoints.gcsApiEndpoint });
  const [files] = await storage.bucket(bucket).getFiles({ prefix });
  const found: string[] = [];
  for (const file of files) {
    const [bytes] = await file.download();
    const text = file.name.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : bytes.toString('utf8');
    if (text.includes(needle)) found.push(file.name);
  }
  return found;
}
