/**
 * The build half every Cloud Function here shares: its deployable source directory archived at
 * synth, uploaded to the source bucket under `<name>/<hash>.zip` (a new hash, a new object, so a
 * changed bundle redeploys), and the build config (runtime FUNCTION_RUNTIME) pointing at it.
 */
import type { Construct } from 'constructs';
import { AssetType, TerraformAsset } from 'cdktf';
import type { Cloudfunctions2FunctionBuildConfig } from '@cdktf/provider-google/lib/cloudfunctions2-function';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { FUNCTION_RUNTIME } from '../runtime';

/** Where a function's source comes from and who builds it. */
export interface FunctionBuildProps {
  /** A directory holding the function's deployable source (package.json + bundle), archived at synth. */
  readonly sourceDir: string;
  readonly sourceBucket: string;
  /** Full resource name of the service account Cloud Build uses for the function. */
  readonly buildServiceAccount: string;
}

/**
 * Declares the source archive and object in `scope` (logical ids 'source' and 'source-object') and
 * returns the build config of a function named `name` with entry point `entryPoint`.
 */
export function declareFunctionBuild(
  scope: Construct,
  props: FunctionBuildProps,
  name: string,
  entryPoint: string,
): Cloudfunctions2FunctionBuildConfig {
  const asset = new TerraformAsset(scope, 'source', { path: props.sourceDir, type: AssetType.ARCHIVE });
  const object = new StorageBucketObject(scope, 'source-object', {
    bucket: props.sourceBucket,
    name: `${name}/${asset.assetHash}.zip`,
    source: asset.path,
  });
  return {
    runtime: FUNCTION_RUNTIME,
    entryPoint,
    serviceAccount: props.buildServiceAccount,
    source: { storageSource: { bucket: props.sourceBucket, object: object.name } },
  };
}
