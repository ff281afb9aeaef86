/**
 * The Terraform state bucket exists and this identity can read it (Cloud Storage JSON API
 * `buckets.get`), and keeps old object versions, so a state file overwritten by a bad apply can be
 * restored. The deploy never creates it: state must outlive any checkout and any apply.
 */
import type { GoogleEndpoints } from '../endpoints';
import type { Finding } from '../findings';
import { describeError, googleErrorOf, type GoogleGet } from '../google-rest';

/** A blocker when the bucket is missing or unreadable; a warning when versioning is off. */
export async function checkStateBucket(
  get: GoogleGet,
  endpoints: GoogleEndpoints,
  options: { bucket: string; projectId: string; region: string },
): Promise<Finding[]> {
  const { bucket, projectId, region } = options;
  const answer = await get(`${endpoints.storage}/storage/v1/b/${encodeURIComponent(bucket)}`);
  const versioningFix = `gcloud storage buckets update gs://${bucket} --versioning`;
  if (answer.status === 200) {
    const versioned = ((answer.body ?? {}) as { versioning?: { enabled?: unknown } }).versioning?.enabled === true;
    return versioned
      ? [{ check: 'state-bucket', severity: 'ok', message: `state bucket gs://${bucket} exists, versioning on` }]
      : [
          {
            check: 'state-bucket',
            severity: 'warning',
            message: `state bucket gs://${bucket} has versioning off: an overwritten state file could not be restored`,
            fix: versioningFix,
          },
        ];
  }
  const error = googleErrorOf(answer);
  if (answer.status === 404) {
    return [
      {
        check: 'state-bucket',
        severity: 'blocker',
        message: `state bucket gs://${bucket} does not exist`,
        fix: `gcloud storage buckets create gs://${bucket} --project=${projectId} --location=${region} --uniform-bucket-level-access --public-access-prevention && ${versioningFix}`,
      },
    ];
  }
  if (answer.status === 401) {
    return [
      {
        check: 'state-bucket',
        severity: 'blocker',
        message: `state bucket gs://${bucket} cannot be read: Google refused the credentials (${describeError(error)})`,
        fix: 'gcloud auth application-default login',
      },
    ];
  }
  return [
    {
      check: 'state-bucket',
      severity: 'blocker',
      message: `state bucket gs://${bucket} cannot be read (${describeError(error)})${answer.status === 403 ? ': it may belong to another project' : ''}`,
      fix: `set "stateBucket" in the deploy config to a bucket of ${projectId}, or get roles/storage.objectAdmin on gs://${bucket}`,
    },
  ];
}
