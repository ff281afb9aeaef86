/**
 * A load job from an in-memory NDJSON body, sent as one multipart upload.
 *
 * Not `table.createWriteStream()`/`table.load()`: against an endpoint without credentials (the
 * emulator) the library's multipart request carries no headers object and teeny-request 10.1
 * crashes the process with "TypeError: Cannot set properties of undefined (setting
 * 'Content-Type')" (teeny-request/build/src/index.js:151). With a complete body and our own
 * Content-Type header the same request works there and on BigQuery, and still goes through the
 * client's authentication. Load jobs (not streaming inserts) also avoid the streaming buffer and
 * the "table just created" window of real BigQuery.
 */
import { randomUUID } from 'node:crypto';
import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQuerySchemaField } from '../ddl/bigquery';

/** Where and what to load. */
export interface LoadRequest {
  projectId: string;
  datasetId: string;
  tableId: string;
  location: string;
  fields: BigQuerySchemaField[];
  ndjson: string;
}

/** Appends `ndjson` to the table and resolves once the job is DONE; rejects with the job's error. */
export async function loadNdjson(bigquery: BigQuery, request: LoadRequest): Promise<void> {
  const jobId = `warehouse_load_${randomUUID()}`;
  const metadata = {
    jobReference: { projectId: request.projectId, jobId, location: request.location },
    configuration: {
      load: {
        destinationTable: { projectId: request.projectId, datasetId: request.datasetId, tableId: request.tableId },
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        schema: { fields: request.fields },
        writeDisposition: 'WRITE_APPEND',
      },
    },
  };
  const boundary = `warehouse-${randomUUID()}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n${JSON.stringify(metadata)}\r\n`,
    ),
    Buffer.from(`--${boundary}\r\nContent-Type: application/octet-stream\r\n\r\n`),
    Buffer.from(request.ndjson, 'utf8'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  await new Promise<void>((resolve, reject) => {
    bigquery.makeAuthenticatedRequest(
      {
        method: 'POST',
        uri: `${bigquery.apiEndpoint}/upload/bigquery/v2/projects/${encodeURIComponent(request.projectId)}/jobs`,
        qs: { uploadType: 'multipart' },
        headers: { 'Content-Type': `multipart/related; boundary=${boundary}` },
        body,
      },
      (error: Error | null) => (error ? reject(error) : resolve()),
    );
  });
  // job.promise() polls jobs.get until DONE and rejects with status.errorResult.
  await bigquery.job(jobId, { location: request.location }).promise();
}
