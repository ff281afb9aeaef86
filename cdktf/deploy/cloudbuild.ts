/**
 * The Cloud Build config that builds the streamer image from its synthesized context and pushes it
 * to Artifact Registry, run as the deployment's build account (`fn-builder`, declared by the
 * platform stack with logWriter, artifactregistry.writer and objectViewer). Pure.
 *
 * A build run as a user-specified service account must say where its logs go: without a logs
 * bucket or `options.logging` of CLOUD_LOGGING_ONLY / NONE, Cloud Build refuses it ("if
 * 'build.service_account' is specified, the build must either (a) specify 'build.logs_bucket', ...
 * or (c) use either CLOUD_LOGGING_ONLY / NONE logging options";
 * https://cloud.google.com/build/docs/securing-builds/configure-user-specified-service-accounts).
 * Logs go to Cloud Logging; `gcloud builds submit` then prints their link instead of streaming them.
 */
import { BUILDER_ACCOUNT_ID, accountEmail } from '../stacks/common';

/** A build config (the JSON form `gcloud builds submit --config` accepts beside YAML). */
export interface BuildConfig {
  readonly steps: readonly { readonly name: string; readonly args: readonly string[] }[];
  readonly images: readonly string[];
  readonly serviceAccount: string;
  readonly options: { readonly logging: 'CLOUD_LOGGING_ONLY' };
  readonly timeout: string;
}

/** Docker's own builder image, as Cloud Build documents it. */
const DOCKER_BUILDER = 'gcr.io/cloud-builders/docker';

/** The build account's resource name, as a build config's `serviceAccount` wants it. */
export function buildServiceAccount(projectId: string): string {
  return `projects/${projectId}/serviceAccounts/${accountEmail(BUILDER_ACCOUNT_ID, projectId)}`;
}

/**
 * Builds the context's Dockerfile as `reference` and pushes it (`images`). Throws when the reference
 * has no tag or is `:latest`: the worker pool must run exactly the bytes of this context.
 */
export function streamerBuildConfig(options: { reference: string; projectId: string }): BuildConfig {
  const { reference, projectId } = options;
  const tag = /:([^/:@]+)$/.exec(reference)?.[1];
  if (tag === undefined || tag === 'latest')
    throw new Error(`The streamer image needs a content tag, got ${reference}`);
  return {
    steps: [{ name: DOCKER_BUILDER, args: ['build', '--tag', reference, '.'] }],
    images: [reference],
    serviceAccount: buildServiceAccount(projectId),
    options: { logging: 'CLOUD_LOGGING_ONLY' },
    timeout: '1200s',
  };
}
