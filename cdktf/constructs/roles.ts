/**
 * The predefined roles the deployment grants, named once. Least privilege: each service account
 * gets only these, on the narrowest resource that works (bucket, dataset, secret, service).
 */

/**
 * Lake writers need create + get/list + delete: the lake's names are deterministic so a rerun
 * overwrites, and overwriting an object requires storage.objects.delete
 * (https://cloud.google.com/storage/docs/access-control/iam-permissions), which
 * roles/storage.objectCreator lacks. roles/storage.objectUser is the predefined role with exactly
 * object read/write/delete and no bucket or IAM administration.
 */
export const LAKE_WRITER_ROLE = 'roles/storage.objectUser';

/** Read-only object access, for the build account reading function source archives. */
export const OBJECT_READER_ROLE = 'roles/storage.objectViewer';

/** Basic roles that grant far more than any component needs; never granted anywhere. */
export const PRIMITIVE_ROLES: readonly string[] = ['roles/owner', 'roles/editor', 'roles/viewer'];
