/**
 * The predefined roles the deployment grants, named once. Least privilege: each service account
 * gets only what its code uses, on the narrowest resource that works (bucket, dataset, topic,
 * secret); cdktf/__tests__/least-privilege.test.ts derives each workload's needs from its bundle
 * and fails on a missing or an excess grant.
 */

/**
 * Lake writers need create + get/list + delete: the lake's names are deterministic so a rerun
 * overwrites, and overwriting an object requires storage.objects.delete
 * (https://cloud.google.com/storage/docs/access-control/iam-permissions), which
 * roles/storage.objectCreator lacks. roles/storage.objectUser is the predefined role with exactly
 * object read/write/delete and no bucket or IAM administration.
 */
export const LAKE_WRITER_ROLE = 'roles/storage.objectUser';

/** Writes table data (MERGE, load into staging tables, create/drop staging tables) in the dataset. */
export const WAREHOUSE_WRITER_ROLE = 'roles/bigquery.dataEditor';

/** Reads table data in the dataset (the dashboard). */
export const WAREHOUSE_READER_ROLE = 'roles/bigquery.dataViewer';

/** Runs query and load jobs (billed to the project): every warehouse reader or writer. */
export const BIGQUERY_JOBS_ROLE = 'roles/bigquery.jobUser';

/** Connects to Managed Kafka and produces/consumes (with no ACLs, every topic and group). */
export const KAFKA_CLIENT_ROLE = 'roles/managedkafka.client';

/** Publishes to one Pub/Sub topic. */
export const TOPIC_PUBLISHER_ROLE = 'roles/pubsub.publisher';

/**
 * The build account (Cloud Build for function sources and the streamer image): write build logs,
 * push images, and read sources. A gen2 function's source is staged by Google in a bucket of its
 * own, `gcf-v2-sources-<project number>-<region>` (https://cloud.google.com/functions/docs/building),
 * and `gcloud builds submit` stages in `<project>_cloudbuild`: neither is ours to grant on, so the
 * read is project-wide, as Google's custom build account guide grants it.
 */
export const BUILDER_ROLES: readonly string[] = [
  'roles/logging.logWriter',
  'roles/artifactregistry.writer',
  'roles/storage.objectViewer',
];

/** Basic roles that grant far more than any component needs; never granted anywhere. */
export const PRIMITIVE_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];
