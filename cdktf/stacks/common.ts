import type { Construct } from 'constructs';
import { GcsBackend, type TerraformStack } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import type { DeployConfig } from '../config';

/**
 * Gives a stack its Google provider (project, region, default labels) and its state backend: a
 * prefix of the configured state bucket. There is no local state: state in the checkout would be
 * lost with it, and `make clean` deletes cdktf.out, where cdktf keeps a local backend's file.
 */
export function configureStack(stack: TerraformStack & Construct, name: string, config: DeployConfig): void {
  new GoogleProvider(stack, 'google', {
    project: config.projectId,
    region: config.region,
    defaultLabels: { app: 'market-data', managed_by: 'cdktf' },
  });
  new GcsBackend(stack, { bucket: config.stateBucket, prefix: `market-data/${name}` });
}

/**
 * The plain (non-secret) settings every deployed runtime shares, functions and the worker pool
 * alike: which project, the lake bucket, the dataset, JSON logs. Pure.
 */
export function runtimeEnvironment(config: DeployConfig): Record<string, string> {
  return {
    GOOGLE_CLOUD_PROJECT: config.projectId,
    LAKE_BACKEND: 'gcs',
    LAKE_BUCKET: config.lake.bucket,
    WAREHOUSE_BACKEND: 'bigquery',
    BIGQUERY_DATASET: config.warehouse.dataset,
    BIGQUERY_LOCATION: config.warehouse.location,
    LOG_FORMAT: 'json',
    LOG_LEVEL: config.functions.logLevel,
  };
}

/** The service account every build uses (Cloud Build for function sources and the streamer image). */
export const BUILDER_ACCOUNT_ID = 'fn-builder';

/** The email of the service account `accountId` in `projectId`. */
export function accountEmail(accountId: string, projectId: string): string {
  return `${accountId}@${projectId}.iam.gserviceaccount.com`;
}
